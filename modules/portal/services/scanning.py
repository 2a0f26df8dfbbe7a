"""The virus-scan hook of uploads: EGOV_UPLOAD_SCANNER names a callable `scan(name, content) -> str | None` that
returns the name of what it found (the file is refused) or None (clean). The default scans nothing; a province
plugs its scanner in (e.g. a function that streams the bytes to clamd's INSTREAM) without changing the portal."""

from django.conf import settings
from django.utils.module_loading import import_string


def no_scan(name: str, content: bytes) -> str | None:
    """The default: every file is taken as clean."""
    return None


def scanner():
    return import_string(settings.EGOV_UPLOAD_SCANNER or "modules.portal.services.scanning.no_scan")


def threat_in(name: str, content: bytes) -> str | None:
    """What the installation's scanner found in the file, or None."""
    return scanner()(name, content)
