"""Where a unit's pages are reached from the request at hand: the unit's primary domain, same scheme and port."""


def unit_address(request, unit, path: str = "/") -> str:
    domain = unit.domains.filter(is_primary=True).first() or unit.domains.first()
    host = domain.domain if domain else request.get_host().split(":")[0]
    port = request.get_port()
    port = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{host}{port}{path}"
