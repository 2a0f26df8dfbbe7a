"""The procedures a portal shows, found by name or code, sector and online level, with or without tone marks.

Matching folds tones in Python (core.search.normalize.fold: the embedded PostgreSQL has no unaccent): every word the
citizen typed must be in the folded name, or the text must be part of the code. Names typed with their tones rank
first ("hộ kinh doanh" before "hồ kinh doanh"), then by code. A unit's portal lists the procedures the unit handles
(modules.procedures), the province's portal the whole catalogue in force.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from core.modules.services import units_with_module
from core.search.normalize import fold, normalize
from core.web.addresses import unit_address
from modules.catalogue.services import get_versions, procedures
from modules.procedures.services import unit_procedures, unit_process
from tenants.models import Unit

# The online service levels of Decree 42/2022/NĐ-CP Art. 11, as the catalogue stores them, for the level filter.
LEVELS = (("full", _("Dịch vụ công trực tuyến toàn trình")), ("partial", _("Dịch vụ công trực tuyến một phần")),
          ("information", _("Cung cấp thông tin")))
MAX_QUERY_CHARS = 200
MAX_RESULTS = 200


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    sector_id: int | None
    sector: str
    online_level: str  # the catalogue's online level: full, partial, information
    folded: str  # lower case, no marks: what words are matched against
    toned: str  # lower case, normalised tones: what ranks exact matches first

    @property
    def online_level_label(self) -> str:
        return str(dict(LEVELS).get(self.online_level, self.online_level))


@dataclass(frozen=True)
class Found:
    entries: list[Entry]
    sectors: list[tuple[int, str]]  # the sectors of the listed procedures, for the filter
    total: int  # before MAX_RESULTS


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return fold(normalize(text))


_loaded: dict = {}


def _catalogue() -> list[Entry]:
    """Every procedure with a version in force, folded once per state of the catalogue (an import changes the count,
    a later update time or a current version): one small query per search, the rows only when they changed."""
    rows = procedures().exclude(current_version=None)
    state = tuple(rows.aggregate(n=Count("pk"), at=Max("updated_at"), v=Max("current_version_id")).values())
    known = _loaded.get("catalogue")
    if known is None or known[0] != state:
        known = (state, [
            Entry(code, name, sector_id, sector or "", level, _fold(name), normalize(name).lower())
            for code, name, sector_id, sector, level in rows.values_list(
                "code", "name", "sector_id", "sector__name", "current_version__online_level")])
        _loaded["catalogue"] = known  # one assignment: threads see the old pair or the new one
    return known[1]


def _entries(codes: set[str] | None) -> list[Entry]:
    entries = _catalogue()
    return entries if codes is None else [e for e in entries if e.code in codes]


def unit_codes(unit) -> set[str]:
    """Codes of the procedures the unit handles now (its portal shows only these)."""
    return {p.code for p in unit_procedures(unit)}


def search(text: str = "", *, sector: int | None = None, level: str = "", codes: set[str] | None = None) -> Found:
    """Procedures matching the text, sector id and online level, among `codes` (None: the whole catalogue)."""
    text = normalize((text or "")[:MAX_QUERY_CHARS]).strip()
    entries = _entries(codes)
    sectors = sorted({(e.sector_id, e.sector) for e in entries if e.sector_id}, key=lambda s: _fold(s[1]))
    if sector:
        entries = [e for e in entries if e.sector_id == sector]
    if level:
        entries = [e for e in entries if e.online_level == level]
    if text:
        words = _fold(text).split()
        exact = text.lower()
        code_text = text.replace(" ", "").lower()
        matched = [e for e in entries if code_text in e.code.lower() or all(w in e.folded for w in words)]
        matched.sort(key=lambda e: (exact not in e.toned, e.code))
        entries = matched
    return Found(entries[:MAX_RESULTS], sectors, len(entries))


@dataclass(frozen=True)
class Page:
    """What a procedure's page shows: the version in force with its channels (time, fees) and components."""

    code: str
    version: object  # modules.catalogue ProcedureVersion, with channels and components prefetched
    online: bool  # the procedure takes online dossiers (the catalogue lists an online channel)


def procedure_page(code: str, unit=None) -> Page | None:
    """The page of one procedure; None when it is not in the catalogue, or `unit` (a unit's portal) does not
    handle it."""
    if unit is not None and unit_process(unit, code) is None:
        return None
    found = procedures().filter(code=code).values_list("current_version_id", flat=True).first()
    version = get_versions([found]).get(found) if found else None
    if version is None:
        return None
    online = any(c.channel == "online" for c in version.channels.all())
    return Page(code, version, online)


def units_taking(code: str, request) -> list[tuple[str, str]]:
    """(unit name, address of its page for the procedure) of the units whose portal takes this procedure: the
    province portal's list of where to submit. One query per unit with the portal: fine for a province's pilot."""
    out = []
    units = Unit.objects.filter(pk__in=units_with_module("portal")).prefetch_related("domains").order_by("name")
    for unit in units:
        if unit_process(unit, code) is not None:
            out.append((unit.name, unit_address(request, unit, f"/m/portal/thu-tuc/{code}/")))
    return out
