"""The address where citizens look a dossier up: the one service the printed QR code, SMS and e-mails use.

By default it is the platform's look-up page, <EGOV_PUBLIC_URL>/tra-cuu/?ma=<code> (core.public_address). A unit
that runs its own citizen portal sets the tracking module's `lookup_url` setting ({code} stands for the dossier's
code; without it, ?ma=<code> is added), and then every receipt, SMS and e-mail of that unit carries that address.
"""

from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from core.modules.services import get_settings, is_enabled
from core.public_address import public_url

MODULE_ID = "tracking"
LOOKUP_PATH = "/tra-cuu/"  # the public page; /m/tracking/ serves the same page


def _with_code(address: str, dossier_code: str) -> str:
    if "{code}" in address:
        return address.replace("{code}", quote(dossier_code, safe=""))
    parts = urlsplit(address)
    query = "&".join(q for q in (parts.query, urlencode({"ma": dossier_code})) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def unit_lookup_address(unit) -> str:
    """The unit's own look-up address (its `lookup_url` setting), or "" when it uses the platform's page."""
    if unit is None or not getattr(unit, "pk", None) or not is_enabled(unit, MODULE_ID):
        return ""
    return get_settings(unit, MODULE_ID).get("lookup_url") or ""


def lookup_url(dossier_code: str, unit=None) -> str:
    """Where a citizen looks this dossier up: the unit's own address when `unit` set one, otherwise the platform's
    look-up page on its public address."""
    return _with_code(unit_lookup_address(unit) or public_url(LOOKUP_PATH), dossier_code)
