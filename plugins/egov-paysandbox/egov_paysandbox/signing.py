"""The sandbox provider's signature: HMAC-SHA256 over the canonical form of the fields, with the unit's secret.

Canonical form: every field but `signature`, sorted by name, as `name=value` joined by `&` (values as text, UTF-8).
A real provider has its own scheme; its adapter implements that one instead.
"""

import hashlib
import hmac

from django.conf import settings

SIGNATURE = "signature"


def canonical(fields: dict) -> bytes:
    return "&".join(f"{k}={fields[k]}" for k in sorted(fields) if k != SIGNATURE).encode()


def sign(fields: dict, secret: str) -> str:
    return hmac.new(secret.encode(), canonical(fields), hashlib.sha256).hexdigest()


def signed(fields: dict, secret: str) -> dict:
    """The fields as text, with their signature."""
    fields = {k: str(v) for k, v in fields.items() if k != SIGNATURE}
    return {**fields, SIGNATURE: sign(fields, secret)}


def is_signed(fields: dict, secret: str) -> bool:
    given = fields.get(SIGNATURE)
    return isinstance(given, str) and hmac.compare_digest(given, sign(fields, secret))


def derived_secret(schema_name: str) -> str:
    """The unit's secret when it set none: from the installation's secret key, different for every unit."""
    return hmac.new(settings.SECRET_KEY.encode(), f"egov-paysandbox:{schema_name}".encode(), hashlib.sha256).hexdigest()


def unit_secret(unit) -> str:
    from core.modules.services import get_settings

    return get_settings(unit, "paysandbox")["secret"] or derived_secret(unit.schema_name)
