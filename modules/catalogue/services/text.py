"""Text clean-up shared by the readers and the normaliser: Unicode form, whitespace, keys, lists."""

import json
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_BULLET = re.compile(r"^\s*(?:[-+•*–—]|\d{1,2}[.)])\s+")
_STEP_START = re.compile(r"(?<!^)\s*(?=\bBước\s+\d+\s*[:.)])", re.IGNORECASE)


def clean(value) -> str:
    """NFC text with single spaces, trimmed lines and no blank lines at either end."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


@lru_cache(maxsize=4096)  # the same headers and keys come back in every record of a file
def fold_key(key) -> str:
    """'Mã thủ tục' -> 'ma_thu_tuc': headers of spreadsheets and keys of files, compared without accents."""
    text = unicodedata.normalize("NFKD", str(key)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def maybe_json(value):
    """A spreadsheet cell holding a JSON list or object is read as such; anything else is returned unchanged."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def as_text(value, joiner: str = "\n") -> str:
    """A string, a list or an object as one text (list items on their own lines)."""
    value = maybe_json(value)
    if value is None:
        return ""
    if isinstance(value, dict):
        return " - ".join(t for t in (as_text(v, "; ") for v in value.values()) if t)
    if isinstance(value, list | tuple):
        return joiner.join(t for t in (as_text(v, "; ") for v in value) if t)
    return clean(value)


def as_list(value, separators: str = "\n") -> list[str]:
    """Items of a list field: list elements, or the lines (and the given separators) of a text, bullets removed."""
    value = maybe_json(value)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [as_text(v, "; ") for v in value]
    else:
        items = re.split("[" + re.escape(separators) + "]", as_text(value))
    items = [_BULLET.sub("", item).strip(" ;") for item in items]
    return [item for item in items if item]


def as_steps(value) -> list[str]:
    """Steps of the procedure: list items or lines; one long line is split before each "Bước N:"."""
    steps = []
    for item in as_list(value):
        steps.extend(part.strip() for part in _STEP_START.split(item) if part.strip())
    return steps
