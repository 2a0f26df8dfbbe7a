"""Where a unit's pages are reached from the request at hand: the unit's primary domain, same scheme and port."""


def unit_address(request, unit, path: str = "/") -> str:
    domains = list(unit.domains.all())  # prefetched by lists of units
    domain = next((d for d in domains if d.is_primary), domains[0] if domains else None)
    host = domain.domain if domain else request.get_host().split(":")[0]
    port = request.get_port()
    port = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{host}{port}{path}"


def policy_allowing_forms_to(origins: list[str]) -> str:
    """The site's Content-Security-Policy with these origins added to form-action: a form posted on the platform's
    address that ends in a redirect to a unit's address (the hand-over) is otherwise blocked by the browser."""
    from django.conf import settings

    policy = settings.EGOV_CONTENT_SECURITY_POLICY or ""
    if not policy or "form-action" not in policy:
        return policy
    parts = [p.strip() for p in policy.split(";") if p.strip()]
    return "; ".join(f"{p} {' '.join(origins)}" if p.startswith("form-action") else p for p in parts)
