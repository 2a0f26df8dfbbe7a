"""Counting look-up attempts in the cache, per client address, per dossier code and per phone number.

- A client (its real address: core.client_address, trusted proxies only) may try LIMIT_PER_CLIENT times per WINDOW.
- Wrong phone numbers are counted per code and per phone number, whoever asks: once a code had
  LIMIT_FAILED_PER_CODE of them (or a phone number LIMIT_FAILED_PER_PHONE), that code (or phone number) is guarded,
  and seeing the dossier also needs a confirmation code sent by SMS to the phone the dossier was filed with
  (services/confirmation.py). Nobody is locked out by someone else's guesses, and guesses from many addresses find
  nothing.
"""

import hashlib

from django.utils.translation import gettext as _

from core.rate_limits import RateLimit
from modules.tracking.services.errors import LookupRefused

WINDOW = 600
LIMIT_PER_CLIENT = 20
LIMIT_FAILED_PER_CODE = 5
LIMIT_FAILED_PER_PHONE = 10

ATTEMPTS_PER_CLIENT = RateLimit("client", LIMIT_PER_CLIENT, WINDOW, prefix="tracking")
FAILED_PER_CODE = RateLimit("code", LIMIT_FAILED_PER_CODE, WINDOW, prefix="tracking")
FAILED_PER_PHONE = RateLimit("phone", LIMIT_FAILED_PER_PHONE, WINDOW, prefix="tracking")


def _key(kind: str, value: str) -> str:
    """The cache key of a counter or of a value kept beside them (the confirmation code's digest)."""
    return f"tracking:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def check(client: str, code: str) -> None:
    """Count an attempt of the client; RATE_LIMITED once it made too many."""
    if ATTEMPTS_PER_CLIENT.record(client) > LIMIT_PER_CLIENT:
        raise LookupRefused("RATE_LIMITED", _("Bạn đã tra cứu quá nhiều lần; vui lòng thử lại sau ít phút."))


def guarded(code: str, phone: str) -> bool:
    """Whether wrong guesses piled up on this code or this phone number (then a confirmation code is needed)."""
    return FAILED_PER_CODE.exceeded(code) or bool(phone) and FAILED_PER_PHONE.exceeded(phone)


def failed(client: str, code: str, phone: str = "") -> None:
    FAILED_PER_CODE.record(code)
    if phone:
        FAILED_PER_PHONE.record(phone)
