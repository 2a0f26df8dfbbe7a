"""The second factor at sign-in: a code from an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps).

Anyone may turn it on; holders of the roles in EGOV_SECOND_FACTOR_ROLES (those who sign or approve, e.g. `leader`)
must, and are asked to set it up right after their password. A code is accepted one step early or late (clocks of
phones drift) and only once: the step it belongs to is remembered, so a code seen over a shoulder cannot be replayed.
A wrong code counts as a failed sign-in for the account's lock-out (core.accounts.signin).

The shared secret is stored encrypted with a key derived from SECRET_KEY: changing SECRET_KEY means everyone sets up
their app again (docs/ict/security.md).
"""

import base64
import hashlib
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.accounts.models import Membership, SecondFactor

ISSUER = "egov"
STEP_SECONDS = 30
DRIFT_STEPS = 1


def _fernet() -> Fernet:
    key = hashlib.sha256(f"core.accounts.second_factor:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _secret(device: SecondFactor) -> str | None:
    try:
        return _fernet().decrypt(device.secret.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed since it was set up
        return None


def is_enrolled(user) -> bool:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_required(user) -> bool:
    """Whether this person must use a second factor: they hold one of the configured roles in a unit."""
    roles = settings.EGOV_SECOND_FACTOR_ROLES
    return bool(roles) and Membership.objects.filter(user=user, is_active=True, roles__code__in=roles).exists()


def asked_at_sign_in(user) -> bool:
    return is_enrolled(user) or is_required(user)


def start(user) -> str:
    """A new secret for `user` (replacing one not yet confirmed); returns the otpauth:// address the app scans."""
    secret = pyotp.random_base32()
    SecondFactor.objects.update_or_create(
        user=user, confirmed_at__isnull=True,
        defaults={"secret": _fernet().encrypt(secret.encode()).decode(), "last_step": 0})
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def pending_address(user) -> str | None:
    """The otpauth:// address of the secret being set up (shown again after a wrong first code), or None."""
    device = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    secret = _secret(device) if device else None
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER) if secret else None


def _matching_step(secret: str, code: str, at: datetime) -> int | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp, now = pyotp.TOTP(secret), at.timestamp()
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        moment = now + offset * STEP_SECONDS
        if totp.verify(code, for_time=int(moment), valid_window=0):
            return totp.timecode(datetime.fromtimestamp(moment))
    return None


def _check(user, code: str, at: datetime | None, *, confirmed: bool) -> bool:
    at = at or timezone.now()
    with transaction.atomic():
        device = (SecondFactor.objects.select_for_update()
                  .filter(user=user, confirmed_at__isnull=not confirmed).first())
        secret = _secret(device) if device else None
        step = _matching_step(secret, code, at) if secret else None
        if step is None or step <= device.last_step:
            return False
        device.last_step = step
        if not confirmed:
            SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).delete()
            device.confirmed_at = at
        device.save(update_fields=["last_step", "confirmed_at"])
        return True


def confirm(user, code: str, at: datetime | None = None) -> bool:
    """The first code from the app just set up: it proves the app has the secret, and turns the factor on."""
    return _check(user, code, at, confirmed=False)


def verify(user, code: str, at: datetime | None = None) -> bool:
    """A code at sign-in: right, in the current step (or one beside it), never used before."""
    return _check(user, code, at, confirmed=True)


def turn_off(user) -> bool:
    """Remove the person's second factor (their own choice when not required, or an administrator's reset after a
    lost phone). Returns whether there was one."""
    deleted, _ = SecondFactor.objects.filter(user=user).delete()
    return bool(deleted)
