"""The second factor of a guarded look-up (services/throttle.py): a six-digit code sent by SMS to the phone number
the dossier was filed with, never to a number the caller names. Needs the notify plug-in enabled in the unit."""

import secrets

from django.apps import apps
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.modules.errors import ModuleError
from core.rate_limits import RateLimit
from modules.tracking.services import throttle

VALID_FOR = 600
SENDS_PER_WINDOW = 3  # SMS per dossier per throttle.WINDOW: a known code and phone cannot flood the citizen
CONFIRMATIONS_SENT = RateLimit("confirm-sent", SENDS_PER_WINDOW, throttle.WINDOW, prefix="tracking")
TRIES_PER_CODE = 5


def _digest(dossier_code: str, secret: str) -> str:
    return salted_hmac("tracking.confirmation", f"{dossier_code}:{secret}").hexdigest()


def send(unit, dossier) -> bool:
    """Send a new code to the filed phone number; False when none can be sent (notify off, too many sent)."""
    if not apps.is_installed("egov_notify"):
        return False
    sent = CONFIRMATIONS_SENT.record(dossier.code)
    if sent > SENDS_PER_WINDOW:
        return False
    from egov_notify.services import send_notification

    secret = f"{secrets.randbelow(10**6):06d}"
    body = _("Mã xác nhận tra cứu hồ sơ %(code)s: %(secret)s. Không đưa mã này cho người khác.") % {
        "code": dossier.code, "secret": secret}
    try:
        send_notification(unit, "sms", dossier.applicant_phone, "", body,
                          reference=f"tracking-confirm/{dossier.code}/{sent}")
    except (ModuleError, ValueError):
        return False
    cache.set(throttle._key("confirm", dossier.code), {"digest": _digest(dossier.code, secret), "tries": 0}, VALID_FOR)
    return True


def verify(dossier_code: str, given: str) -> bool:
    """Whether `given` is the code last sent for the dossier; it stays valid (rating after looking) until it expires
    or TRIES_PER_CODE wrong codes were tried."""
    key = throttle._key("confirm", dossier_code)
    entry = cache.get(key)
    if not entry or not given:
        return False
    if constant_time_compare(entry["digest"], _digest(dossier_code, given.strip())):
        return True
    entry["tries"] += 1
    if entry["tries"] >= TRIES_PER_CODE:
        cache.delete(key)
    else:
        cache.set(key, entry, VALID_FOR)
    return False
