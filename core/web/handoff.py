"""Signing in on the platform's address, then working on a unit's: the session cookie belongs to one host, so the
platform hands the person over with a signed ticket, valid for one minute and used once, that the unit's address
exchanges for its own session."""

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache

SALT = "core.web.handoff"
MAX_AGE = 60


def ticket(user, unit) -> str:
    return signing.dumps({"u": user.pk, "unit": unit.pk, "n": secrets.token_urlsafe(16)}, salt=SALT)


def redeem(value: str, unit):
    """The person the ticket names, if it is fresh, for this unit, unused, and the person still a member; else None."""
    from core.accounts.services import is_member

    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("unit") != unit.pk or not cache.add(f"web-handoff:{data.get('n')}", 1, MAX_AGE * 2):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not (user.is_superuser or is_member(user, unit)):
        return None
    return user
