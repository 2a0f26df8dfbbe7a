"""Which modules and plug-ins this installation runs: found, read from their manifests and checked at start-up.

First-party modules are the packages under `modules/` with a `manifest.py`; they are always loaded. Plug-ins are
distributions with an entry point in the group `egov.plugins`; one is loaded only when its id is in the allow-list
(settings.EGOV_PLUGINS, from the EGOV_PLUGINS variable), never because it happens to be installed.

Settings call `load_manifests()` before Django is set up, so discovery imports manifest modules only: they are plain
data and may import core.modules.manifest and core.accounts.roles, nothing that needs the app registry. Whatever
needs the apps (receivers, install hooks) is resolved by `check_runtime()` when the app registry is ready.
"""

import importlib
import importlib.util
import logging
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

import core
from core.accounts.roles import DEFAULT_ROLES, RoleSpec
from core.modules.manifest import NAV_GROUPS, ModuleManifest, NavEntry, SettingSpec
from core.modules.periodic import ENTRY_KEYS, parse_schedule

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "egov.plugins"
FIRST_PARTY_PACKAGE = "modules"
MODULE_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
HOOK_NAME = re.compile(r"^(?:[a-z][a-z0-9_]{1,39}\.)?[a-z][a-z0-9_]*$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class _Loaded:
    manifests: dict[str, ModuleManifest]  # dependencies before their dependents
    sources: dict[str, str]


# --- Checking one manifest, then a set of them ---

def _dotted_paths(m: ModuleManifest) -> dict[str, str | None]:
    paths = {
        "graphql_query": m.graphql_query, "graphql_mutation": m.graphql_mutation,
        "graphql_platform_query": m.graphql_platform_query, "graphql_platform_mutation": m.graphql_platform_mutation,
        "urls": m.urls, "platform_urls": m.platform_urls,
        "on_installed": m.on_installed, "on_uninstalled": m.on_uninstalled,
    }
    paths.update({f"hooks[{name!r}]": target for name, target in m.hooks.items()})
    return paths


def _setting_problems(spec: SettingSpec) -> list[str]:
    if not isinstance(spec, SettingSpec):
        return [f"settings: {spec!r} is not a SettingSpec"]
    if not isinstance(spec.key, str) or not _SETTING_KEY.match(spec.key):
        return [f"setting key {spec.key!r} must be lower-case letters, digits and '_'"]
    if spec.validate is not None:
        try:
            spec.validate(spec.default)
        except Exception as exc:  # noqa: BLE001 - any failure of the author's validator is reported
            return [f"setting {spec.key!r}: its default {spec.default!r} fails its own validator ({exc})"]
    return []


def validate_manifest(manifest) -> list[str]:
    """Every problem of one manifest on its own (its dependencies are checked with the others); [] when valid."""
    if not isinstance(manifest, ModuleManifest):
        return [f"{manifest!r} is not a core.modules.manifest.ModuleManifest"]
    m, problems = manifest, []
    if not isinstance(m.id, str) or not MODULE_ID.match(m.id):
        problems.append(f"id {m.id!r} must be 2-40 lower-case letters, digits or '_', starting with a letter")
    if not isinstance(m.app, str) or not _DOTTED.match(m.app):
        problems.append(f"app {m.app!r} must be the dotted path of a Django app")
    if not str(m.name_vi).strip() or not str(m.name_en).strip():
        problems.append("name_vi and name_en must not be empty")
    try:
        Version(m.version)
    except (InvalidVersion, TypeError):
        problems.append(f"version {m.version!r} is not a PEP 440 version")
    try:
        if not str(m.core_compat).strip():
            raise InvalidSpecifier("empty")
        compat = SpecifierSet(m.core_compat)
    except (InvalidSpecifier, TypeError):
        problems.append(f"core_compat {m.core_compat!r} is not a PEP 440 version specifier (e.g. '>=0.1,<1')")
    else:
        if not compat.contains(Version(core.__version__), prereleases=True):
            problems.append(f"needs core {m.core_compat} but this core is {core.__version__}")
    for dep in m.depends:
        if dep == m.id:
            problems.append("depends on itself")
        elif not isinstance(dep, str) or not MODULE_ID.match(dep):
            problems.append(f"depends: {dep!r} is not a module id")
    if len(set(m.depends)) != len(m.depends):
        problems.append("depends lists a module twice")
    for used in m.uses:
        if used == m.id or used in m.depends:
            problems.append(f"uses: {used!r} is the module itself or already in depends")
        elif not isinstance(used, str) or not MODULE_ID.match(used):
            problems.append(f"uses: {used!r} is not a module id")
    for spec in m.settings:
        problems += _setting_problems(spec)
    keys = [s.key for s in m.settings if isinstance(s, SettingSpec)]
    if len(set(keys)) != len(keys):
        problems.append("two settings have the same key")
    for role in m.roles:
        if not isinstance(role, RoleSpec):
            problems.append(f"roles: {role!r} is not a RoleSpec")
    for where, path in _dotted_paths(m).items():
        if path is not None and (not isinstance(path, str) or not _DOTTED.match(path)):
            problems.append(f"{where} {path!r} must be a dotted path")
    for name in m.hooks:
        if not isinstance(name, str) or not HOOK_NAME.match(name):
            problems.append(f"hook name {name!r} must be 'event' (core hooks) or '<module id>.event'")
    for entry in m.nav:
        if not isinstance(entry, NavEntry):
            problems.append(f"nav: {entry!r} is not a NavEntry")
        elif not str(entry.label).strip() or not str(entry.path).startswith(f"/m/{m.id}/"):
            problems.append(f"nav: {entry.path!r} needs a label and a path among the module's pages (/m/{m.id}/...)")
        elif entry.group not in NAV_GROUPS:
            problems.append(f"nav: group {entry.group!r} is not one of {', '.join(NAV_GROUPS)}")
    for name, entry in m.periodic_tasks.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("task"), str):
            problems.append(f"periodic_tasks[{name!r}] needs a 'task' (the name of a unit task)")
            continue
        if set(entry) - ENTRY_KEYS:
            problems.append(f"periodic_tasks[{name!r}]: unknown keys {sorted(set(entry) - ENTRY_KEYS)}")
        try:
            parse_schedule(entry.get("schedule"))
        except ValueError as exc:
            problems.append(f"periodic_tasks[{name!r}]: {exc}")
    return problems


def _in_dependency_order(manifests: dict[str, ModuleManifest]) -> tuple[list[str], list[str]]:
    """Ids with every dependency before its dependents, and the ids caught in a dependency cycle."""
    ordered: list[str] = []
    placed: set[str] = set()
    pending = sorted(manifests)
    while pending:
        ready = [i for i in pending if all(d in placed or d not in manifests for d in manifests[i].depends)]
        if not ready:
            return ordered, pending
        ordered += ready
        placed.update(ready)
        pending = [i for i in pending if i not in placed]
    return ordered, []


def check_manifests(manifests: Iterable[ModuleManifest]) -> list[str]:
    """Problems of a set of manifests: each one's, then unknown dependencies, cycles, shared apps and role codes."""
    problems: list[str] = []
    by_id: dict[str, ModuleManifest] = {}
    for m in manifests:
        own = validate_manifest(m)
        label = getattr(m, "id", repr(m))
        problems += [f"{label}: {p}" for p in own]
        if isinstance(m, ModuleManifest):
            if m.id in by_id:
                problems.append(f"{m.id}: two modules or plug-ins use this id")
            by_id.setdefault(m.id, m)
    for m in by_id.values():
        unknown = [d for d in m.depends if d not in by_id and d != m.id]
        if unknown:
            problems.append(f"{m.id}: depends on {', '.join(unknown)}, which is neither a module nor an allowed plug-in")
    _, cycle = _in_dependency_order(by_id)
    if cycle:
        problems.append(f"dependency cycle between {', '.join(cycle)}")
    apps: dict[str, str] = {}
    core_roles = {r.code for r in DEFAULT_ROLES}  # a module may add permissions to these, not redefine them
    roles: dict[str, str] = {}
    for m in by_id.values():
        if m.app in apps:
            problems.append(f"{m.id}: app {m.app} is already the app of {apps[m.app]}")
        apps.setdefault(m.app, m.id)
        for role in m.roles:
            if isinstance(role, RoleSpec) and role.code not in core_roles:
                if role.code in roles:
                    problems.append(f"{m.id}: role code {role.code!r} is already used by {roles[role.code]}")
                roles.setdefault(role.code, m.id)
    return problems


# --- Finding manifests ---

def _first_party() -> tuple[list[tuple[ModuleManifest, str]], list[str]]:
    try:
        package = importlib.import_module(FIRST_PARTY_PACKAGE)
    except ImportError:
        return [], []
    found, problems = [], []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        dotted = f"{FIRST_PARTY_PACKAGE}.{info.name}.manifest"
        if not info.ispkg or importlib.util.find_spec(dotted) is None:
            continue  # a package without a manifest is not a module (yet)
        try:
            manifest = importlib.import_module(dotted).MANIFEST
        except Exception as exc:  # noqa: BLE001 - reported with every other start-up problem
            problems.append(f"{dotted}: cannot read MANIFEST ({type(exc).__name__}: {exc})")
            continue
        found.append((manifest, f"module {FIRST_PARTY_PACKAGE}.{info.name}"))
    return found, problems


def installed_plugins() -> dict[str, list[metadata.EntryPoint]]:
    """Every plug-in entry point installed, by name (allowed or not; nothing is imported)."""
    found: dict[str, list[metadata.EntryPoint]] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        same = found.setdefault(ep.name, [])
        if all(other.value != ep.value for other in same):  # one distribution seen twice on sys.path
            same.append(ep)
    return found


def _plugins(allowed: tuple[str, ...]) -> tuple[list[tuple[ModuleManifest, str]], list[str]]:
    installed = installed_plugins()
    found, problems = [], []
    for name in allowed:
        entries = installed.get(name, [])
        if not entries:
            problems.append(f"plug-in {name!r} is allowed (EGOV_PLUGINS) but no installed distribution declares it "
                            f"in the entry point group {ENTRY_POINT_GROUP!r}")
            continue
        if len(entries) > 1:
            problems.append(f"plug-in {name!r} is declared by several distributions: "
                            + ", ".join(ep.value for ep in entries))
            continue
        ep = entries[0]
        try:
            manifest = ep.load()
        except Exception as exc:  # noqa: BLE001 - reported with every other start-up problem
            problems.append(f"plug-in {name!r} ({ep.value}) cannot be loaded: {type(exc).__name__}: {exc}")
            continue
        if isinstance(manifest, ModuleManifest) and manifest.id != name:
            problems.append(f"plug-in entry point {name!r} points at a manifest with id {manifest.id!r}")
            continue
        dist = f" {ep.dist.name} {ep.dist.version}" if ep.dist else ""
        found.append((manifest, f"plug-in{dist}"))
    return found, problems


def _allow_list(plugins: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(plugins, str):
        plugins = plugins.split(",")
    return tuple(dict.fromkeys(p.strip() for p in plugins if p and p.strip()))


@lru_cache(maxsize=8)
def _load(allowed: tuple[str, ...]) -> _Loaded:
    first_party, problems = _first_party()
    plugins, plugin_problems = _plugins(allowed)
    problems += plugin_problems
    pairs = first_party + plugins
    problems += check_manifests(m for m, _ in pairs)
    if problems:
        raise ImproperlyConfigured("Modules and plug-ins cannot be loaded:\n  - " + "\n  - ".join(problems))
    by_id = {m.id: m for m, _ in pairs}
    order, _ = _in_dependency_order(by_id)
    return _Loaded({i: by_id[i] for i in order}, {m.id: source for m, source in pairs})


def load_manifests(plugins: Iterable[str] | str = ()) -> dict[str, ModuleManifest]:
    """The manifests of every first-party module and of the allowed plug-ins, dependencies first.

    Raises ImproperlyConfigured listing every problem: a bad manifest, an incompatible core, an unknown dependency,
    an allowed plug-in that is not installed. Works without Django set up (settings call it).
    """
    return dict(_load(_allow_list(plugins)).manifests)


# --- The running installation (settings are configured) ---

def _current() -> _Loaded:
    from django.conf import settings

    return _load(_allow_list(getattr(settings, "EGOV_PLUGINS", ())))


def all_manifests() -> dict[str, ModuleManifest]:
    """Every module and allowed plug-in of this installation, by id, dependencies first."""
    return dict(_current().manifests)


def get_manifest(module_id: str) -> ModuleManifest:
    """The manifest of a loaded module or plug-in; ModuleError UNKNOWN_MODULE otherwise."""
    manifest = _current().manifests.get(module_id)
    if manifest is None:
        from core.modules.errors import unknown_module

        raise unknown_module(module_id)
    return manifest


def source_of(module_id: str) -> str:
    """Where a loaded module comes from: 'module modules.x' or 'plug-in <distribution> <version>'."""
    return _current().sources[module_id]


def module_apps(shared: bool | None = None, manifests: Mapping[str, ModuleManifest] | None = None) -> list[str]:
    """The Django apps modules bring, dependencies first; shared=True/False: only those with tables in public/units."""
    manifests = all_manifests() if manifests is None else manifests
    return [m.app for m in manifests.values() if shared is None or m.shared == shared]


def services_of(module_id: str):
    """The public surface of a loaded module or plug-in, its app's `services` package; ModuleError UNKNOWN_MODULE
    when it is not loaded. The kernel reaches a module this way, by its id, never by importing it."""
    from importlib import import_module

    return import_module(f"{get_manifest(module_id).app}.services")


def dependents_of(module_id: str) -> list[str]:
    """Ids of the loaded modules that depend on `module_id` directly."""
    return [m.id for m in _current().manifests.values() if module_id in m.depends]


# --- What needs the app registry: hook receivers, install hooks, roles ---

def _import(path: str) -> Callable:
    from django.utils.module_loading import import_string

    return import_string(path)


@lru_cache(maxsize=8)
def _receivers(allowed: tuple[str, ...]) -> dict[str, tuple[tuple[str, Callable], ...]]:
    by_hook: dict[str, list[tuple[str, Callable]]] = {}
    for m in _load(allowed).manifests.values():
        for name, path in m.hooks.items():
            by_hook.setdefault(name, []).append((m.id, _import(path)))
    return {name: tuple(found) for name, found in by_hook.items()}


def receivers_of(hook_name: str) -> tuple[tuple[str, Callable], ...]:
    """(module id, receiver) for every loaded module that receives the hook, dependencies first."""
    from django.conf import settings

    return _receivers(_allow_list(getattr(settings, "EGOV_PLUGINS", ()))).get(hook_name, ())


def install_hook(manifest: ModuleManifest, which: str) -> Callable | None:
    """The module's on_installed/on_uninstalled function, or None when it declares none."""
    path = getattr(manifest, which)
    return _import(path) if path else None


def check_runtime(manifests: Mapping[str, ModuleManifest] | None = None) -> None:
    """Once the apps are ready: import each module's hooks, resolve its receivers and install hooks, register roles.

    A receiver may name a hook of a module that is not loaded here (an optional integration); it is then ignored.
    """
    from core.accounts.roles import register_role
    from core.modules import hooks

    manifests = all_manifests() if manifests is None else manifests
    for m in manifests.values():
        if importlib.util.find_spec(m.app) and importlib.util.find_spec(f"{m.app}.hooks"):
            importlib.import_module(f"{m.app}.hooks")  # declares the module's own hooks
    problems: list[str] = []
    for m in manifests.values():
        for where, path in [("on_installed", m.on_installed), ("on_uninstalled", m.on_uninstalled),
                            *((f"hooks[{n!r}]", p) for n, p in m.hooks.items())]:
            if path:
                try:
                    _import(path)
                except ImportError as exc:
                    problems.append(f"{m.id}: {where} {path}: {exc}")
        for name in m.hooks:
            owner = name.split(".", 1)[0] if "." in name else None
            if hooks.get_hook(name) is None and (owner is None or owner in manifests):
                problems.append(f"{m.id}: receives hook {name!r}, which nobody declares")
        for role in m.roles:
            register_role(role)
    if problems:
        raise ImproperlyConfigured("Modules and plug-ins cannot start:\n  - " + "\n  - ".join(problems))


def _forget(**kwargs) -> None:
    if kwargs.get("setting") == "EGOV_PLUGINS":
        _load.cache_clear()
        _receivers.cache_clear()


setting_changed.connect(_forget, dispatch_uid="egov-modules-registry")
