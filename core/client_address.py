"""The address of the client behind a request, which a client cannot choose.

REMOTE_ADDR, unless that is a trusted proxy (EGOV_TRUSTED_PROXIES): then the nearest address in X-Forwarded-For that
is not a trusted proxy. Addresses a client wrote into X-Forwarded-For itself sit further left and are never read.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.EGOV_TRUSTED_PROXIES))
    if not _trusted(remote, networks):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else remote
