"""The platform's public base address (EGOV_PUBLIC_URL): what citizens and staff are sent to from outside a request
(QR codes on printed forms, SMS, e-mails, invitations), so those links follow the configuration, never the port a
development server happened to use."""

from django.conf import settings


def public_base() -> str:
    """EGOV_PUBLIC_URL without its trailing slash; unset, http://<first platform host> (no port: the default one)."""
    configured = (settings.EGOV_PUBLIC_URL or "").strip().rstrip("/")
    if configured:
        return configured
    host = next((h.strip() for h in settings.PLATFORM_HOSTS if h.strip()), "localhost")
    return f"http://{host}"


def public_url(path: str = "/") -> str:
    """The public address of a path on the platform host, e.g. public_url("/tra-cuu/")."""
    return public_base() + "/" + path.lstrip("/")

