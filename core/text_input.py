"""Text and JSON from outside that the database or the JSON encoder cannot take: refused at the edge with a clear
message, never a server error further in. PostgreSQL stores no NUL character and no lone UTF-16 surrogate (they
cannot be encoded in UTF-8); JSON columns take no NaN or Infinity; nesting beyond MAX_JSON_DEPTH has no use."""

import json
import math
import re

from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 32
_UNSAFE = re.compile("[\x00\ud800-\udfff]")


class UnsafeInput(ValueError):
    """Input the platform refuses; the message says why, for the caller."""


def unsafe_text(value: str) -> bool:
    return bool(_UNSAFE.search(value))


def check_text(value: str) -> None:
    if unsafe_text(value):
        raise UnsafeInput(_("Chuỗi chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)."))


def check_number(value: float) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsafeInput(_("Số không hữu hạn (NaN, Infinity) không được nhận."))


def check_value(value, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Every string (keys too) and number of a decoded JSON value, and its nesting; without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise UnsafeInput(_("Dữ liệu JSON lồng sâu quá %(max)d cấp.") % {"max": max_depth})
            if isinstance(item, dict):
                for key in item:
                    check_text(str(key))
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            check_text(item)
        elif isinstance(item, float):
            check_number(item)


def _no_constant(name: str):
    raise UnsafeInput(_("Số không hữu hạn (NaN, Infinity) không được nhận."))


def _finite(text: str) -> float:
    number = float(text)
    check_number(number)
    return number


def load_json(text: str):
    """json.loads without NaN/Infinity, then check_value; UnsafeInput (a ValueError) for anything refused."""
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as exc:
        raise UnsafeInput(_("Dữ liệu JSON lồng sâu quá %(max)d cấp.") % {"max": MAX_JSON_DEPTH}) from exc
    check_value(value)
    return value


# Web addresses and things that read as one: scheme://..., www...., and name.tld[/...] (bit.ly/x, evil.example).
_LINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|(?:[\w-]+\.)+[a-z]{2,}\b(?:/\S*)?)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain_words(text: str, limit: int = 100) -> str:
    """Text a stranger wrote, made fit to stand inside the agency's own message: links and web addresses removed,
    control and direction characters dropped, on one line, at most `limit` characters."""
    text = _LINK.sub("", _CONTROL.sub(" ", text or ""))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted_words(text: str, limit: int = 100) -> str:
    """plain_words within quotation marks (“...”): a stranger's words inside the agency's own sentence read as quoted,
    never as the agency's ("Kính gửi Ông/Bà “CLICK”"). Quotation marks inside are dropped; nothing left, nothing."""
    words = plain_words((text or "").replace("“", " ").replace("”", " ").replace('"', " "), limit=max(limit - 2, 1))
    return f"“{words}”" if words else ""
