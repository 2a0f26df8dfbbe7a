"""Counting look-up attempts in the cache: per client (address) for all attempts, per code for failed ones.

A client may try LIMIT_PER_CLIENT times per WINDOW; a code answers at most LIMIT_FAILED_PER_CODE wrong phone numbers
per WINDOW, whoever asks, so a phone number cannot be found by trying from many addresses.
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _

from modules.tracking.services.errors import LookupRefused

WINDOW = 600
LIMIT_PER_CLIENT = 20
LIMIT_FAILED_PER_CODE = 5


def _key(kind: str, value: str) -> str:
    return f"tracking:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _bump(key: str) -> int:
    if cache.add(key, 1, WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


def check(client: str, code: str) -> None:
    if _bump(_key("client", client)) > LIMIT_PER_CLIENT or (cache.get(_key("code", code)) or 0) >= LIMIT_FAILED_PER_CODE:
        raise LookupRefused("RATE_LIMITED", _("Bạn đã tra cứu quá nhiều lần; vui lòng thử lại sau ít phút."))


def failed(client: str, code: str) -> None:
    _bump(_key("code", code))
