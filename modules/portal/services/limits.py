"""Limits on the portal's anonymous callers, counted per client address (core.client_address) with the one
rate-limit helper (core.rate_limits): searches, and submission attempts - every attempt counts, refused ones too,
since each may carry megabytes of files. Accepted submissions are also limited per address and per phone number by
the one-stop module (its online_limits), the same limits as the API's submitDossierOnline."""

from django.utils.translation import gettext as _

from core.rate_limits import RateLimit
from modules.portal.services.errors import PortalError

SEARCHES = RateLimit("portal-search", 120, 60)
SUBMISSION_ATTEMPTS = RateLimit("portal-submit", 20, 600)


def count(limit: RateLimit, client: str) -> None:
    """Count one request of the client; PortalError RATE_LIMITED (429) once it made too many."""
    if limit.exceeded(client):
        raise PortalError("RATE_LIMITED", _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau "
                                            "ít phút."), status=429)
    limit.record(client)
