"""Every environment variable the platform reads, in one place, each with its help text.

`egov config` prints this table (`egov config --markdown` as Markdown, for the documentation); tests/test_docs.py
checks that every variable the docs name is read by the code.
"""

import os
from dataclasses import dataclass

_REGISTRY: dict[str, "Setting"] = {}


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


def env(name: str, default: str | None = None, help: str = "") -> str | None:
    _REGISTRY.setdefault(name, Setting(name, default, help))
    return os.environ.get(name, default)


def env_bool(name: str, default: bool, help: str = "") -> bool:
    value = env(name, "1" if default else "0", help)
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, help: str = "") -> int:
    return int(env(name, str(default), help))


def documented() -> list[Setting]:
    return sorted(_REGISTRY.values(), key=lambda s: s.name)
