"""What one request remembers so that a page of dossiers costs the same SQL whatever its size: the units dossiers
name (holder, origin, sender), fetched once for the whole page, and the caller's roles in the unit."""

from types import SimpleNamespace

from core.accounts.services import role_codes
from tenants.models import Unit

_UNITS, _ROLES = "_onestop_units", "_onestop_roles"


def load_units(request, codes) -> dict:
    """Code -> unit (its code and name) for `codes`, one query for those not yet known in this request."""
    known = request.__dict__.setdefault(_UNITS, {})
    own = getattr(request, "unit", None)
    if own is not None:
        known.setdefault(own.code, own)
    missing = {code for code in codes if code and code not in known}
    if missing:
        found = {u.code: u for u in Unit.objects.filter(code__in=missing).only("code", "name")}
        for code in missing:
            # A unit since removed from the register still shows its code.
            known[code] = found.get(code) or SimpleNamespace(code=code, name=code)
    return known


def unit_ref(request, code: str):
    return load_units(request, [code])[code] if code else None


def caller_roles(request) -> set[str]:
    """The caller's role codes in the request's unit (empty for anonymous callers)."""
    if _ROLES not in request.__dict__:
        request.__dict__[_ROLES] = role_codes(getattr(request, "user", None), getattr(request, "unit", None))
    return request.__dict__[_ROLES]
