"""The address where citizens look a dossier up: printed as a QR code on receipts, written in notices."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings


def lookup_url(dossier_code: str) -> str:
    """settings.EGOV_LOOKUP_URL with ?ma=<code> (kept next to any query the setting already has)."""
    parts = urlsplit(settings.EGOV_LOOKUP_URL)
    query = "&".join(q for q in (parts.query, urlencode({"ma": dossier_code})) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
