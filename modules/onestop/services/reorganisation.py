"""Dossiers in an administrative reorganisation (core.modules.reorganisation; docs/modules/onestop.md).

When a unit ends, its dossiers in progress move to a successor with everything that makes them the same dossier:
code, steps, history, clock (due dates unchanged), assignee, received components and their scans; the files and fees
other modules keep for them follow through the `onestop.dossier_moved` hook. Finished dossiers stay in the ended
unit's read-only archive.

- The old copy stays as a stub (status "transferred", holder: the successor) with a "reorganise" event, so the old
  unit's statistics of the days before the change stay what they were; the successor's copy says where it came from
  (`carried_from`, `carried_at`) so that its statistics count it from then on, never its receipt again.
- A forwarding address (tenants.services.forwarding) per moved dossier: a look-up by the old code finds it.
- Codes are not reused: a code carries its agency code, and the carry refuses a successor with the same agency code
  or a code format without it (its own daily numbers could then produce an old code).
- A split unit (several partial successors): each dossier goes where the applicant's address says
  (route_by_address); the others stay in the old unit, in the review queue the successors' administrators see, and
  `assign` moves one exactly as the carry does.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import role_codes
from core.modules import hooks
from core.modules.reorganisation import CarryLine, Successor, route_by_address
from core.modules.services import is_enabled
from modules.onestop.hooks import dossier_moved
from modules.onestop.models import (
    FINAL_STATUSES,
    CodeFormat,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStep,
    ScanFile,
    Status,
)
from modules.onestop.services import events
from modules.onestop.services.codes import agency_code
from modules.onestop.services.errors import OnestopError
from modules.procedures.services import unit_process
from tenants.models import Forwarding, Unit
from tenants.services import entered, moving_atomic
from tenants.services.forwarding import forward_many, predecessors_of, successions_of

KIND = "onestop.dossier"  # Forwarding.kind of a moved dossier
ACTION = "reorganise"     # the event on both sides
# Where an applicant's address may be in the dossier's data (the counter's and the portal's forms).
ADDRESS_KEYS = ("applicant_address", "address", "dia_chi")
_SHOWN = 20  # codes named in a report line; the review queue lists them all
_BATCH = 500  # dossiers moved by one set of statements (bounded memory for a large commune)


def _in_progress():
    return Dossier.objects.exclude(status__in=FINAL_STATUSES)


def _moved_codes(unit) -> set[str]:
    return set(Forwarding.objects.filter(kind=KIND, from_unit=unit).values_list("key", flat=True))


def address_of(dossier: Dossier) -> str:
    data = dossier.data if isinstance(dossier.data, dict) else {}
    return next((str(data[k]) for k in ADDRESS_KEYS if isinstance(data.get(k), str) and data[k].strip()), "")


def _decision(old_unit, successor_unit) -> str:
    return next((s.decision for s in successions_of(old_unit) if s.successor_id == successor_unit.pk), "")


# --- Can a successor take a dossier? ---

def _code_problem(old_unit, successor_unit) -> str:
    """Why the successor's own codes could repeat an old one ("" when they cannot)."""
    if agency_code(successor_unit) == agency_code(old_unit):
        return _("Đơn vị %(new)s có cùng mã cơ quan với đơn vị cũ: mã hồ sơ mới có thể trùng mã cũ.") % {
            "new": successor_unit.code}
    if successor_unit.pk is None:
        return ""  # not provisioned yet: it starts with the default format, which has the agency code
    with entered(successor_unit):
        patterns = set(CodeFormat.objects.values_list("pattern", flat=True)) or {CodeFormat.DEFAULT}
    if any("{agency" not in p and "{unit" not in p for p in patterns):
        return _("Mẫu mã hồ sơ của đơn vị %(new)s không có mã cơ quan: mã hồ sơ mới có thể trùng mã cũ.") % {
            "new": successor_unit.code}
    return ""


class _Check:
    """What a successor lacks to take dossiers: the module, the procedures, distinct codes (asked once each).

    `dry`: the inventory, before anything is carried - a successor not provisioned yet (no schema) is not entered,
    and a procedure the old unit handles counts as handled (the procedures module adopts it first in the carry)."""

    def __init__(self, old_unit, *, dry: bool = False):
        self.old_unit, self.dry, self._units, self._procedures = old_unit, dry, {}, {}

    def unit_problem(self, successor_unit) -> str:
        key = successor_unit.code
        if key not in self._units:
            if successor_unit.pk is None and self.dry:
                problem = ""
                if agency_code(successor_unit) == agency_code(self.old_unit):
                    problem = _code_problem(self.old_unit, successor_unit)
            elif not successor_unit.is_ready:
                problem = _("Đơn vị %(new)s chưa sẵn sàng.") % {"new": successor_unit.code}
            elif not is_enabled(successor_unit, "onestop"):
                problem = _("Đơn vị %(new)s chưa dùng một cửa điện tử.") % {"new": successor_unit.code}
            else:
                problem = _code_problem(self.old_unit, successor_unit)
            self._units[key] = problem
        return self._units[key]

    def problem(self, successor_unit, procedure_code: str) -> str:
        problem = self.unit_problem(successor_unit)
        if problem:
            return problem
        key = (successor_unit.code, procedure_code)
        if key not in self._procedures:
            handled = ((successor_unit.pk is not None and unit_process(successor_unit, procedure_code) is not None)
                       or (self.dry and unit_process(self.old_unit, procedure_code) is not None))
            self._procedures[key] = "" if handled else _(
                "Đơn vị %(new)s chưa giải quyết thủ tục %(code)s.") % {"new": successor_unit.code,
                                                                      "code": procedure_code}
        return self._procedures[key]


def _held(successor_unit, codes) -> dict[str, tuple[int, str]]:
    """{code: (id, carried_from)} of these codes the successor already holds (one query)."""
    if successor_unit.pk is None or not codes:
        return {}
    with entered(successor_unit):
        rows = Dossier.objects.filter(code__in=list(codes)).values_list("code", "id", "carried_from")
        return {code: (pk, origin) for code, pk, origin in rows}


def _taken_codes(held: dict[str, tuple[int, str]], old_unit) -> list[str]:
    """The held codes a dossier cannot move to: one sent to the successor before; not a copy carried from `old_unit`
    (an earlier attempt's, which a move resumes)."""
    return sorted(code for code, (_pk, origin) in held.items() if origin != old_unit.code)


def _carried_before(old_unit, successor_unit, held: dict[str, tuple[int, str]]) -> tuple[dict[str, int], set[str]]:
    """What an earlier attempt of this move left when the platform's commit failed after a unit's server had
    committed (two databases, docs/ict/scale-out.md): the successor's copies carried from `old_unit` ({code: id}),
    and of these the codes whose old dossier is already the stub (the old unit on the same server). The move resumes
    with them: no second copy, no second stub; their forwarding addresses are written."""
    copies = {code: pk for code, (pk, origin) in held.items() if origin == old_unit.code}
    stubs = set(DossierEvent.objects.filter(
        dossier__code__in=list(copies), action=ACTION, to_status=Status.TRANSFERRED,
        data__to_unit=successor_unit.code).values_list("dossier__code", flat=True)) if copies else set()
    return copies, stubs


# --- Moving dossiers ---

# attnames: a person is copied by id, never loaded
_COPIED = [f.attname for f in Dossier._meta.concrete_fields if f.name not in ("id", "created_at")]
_STEP_FIELDS = [f.attname for f in DossierStep._meta.concrete_fields if f.name not in ("id", "dossier")]
_EVENT_FIELDS = [f.attname for f in DossierEvent._meta.concrete_fields if f.name not in ("id", "dossier")]
_COMPONENT_FIELDS = [f.attname for f in DossierComponent._meta.concrete_fields if f.name not in ("id", "dossier")]


def move(old_unit, dossier: Dossier, successor_unit, *, at: datetime, actor=None) -> Dossier:
    """Move one dossier in progress from `old_unit` (the current schema) to `successor_unit` (the review queue);
    returns the successor's copy."""
    copy = move_many(old_unit, [dossier], successor_unit, at=at, actor=actor)[0]
    with entered(successor_unit):
        return Dossier.objects.get(pk=copy.pk)


def move_many(old_unit, dossiers: list[Dossier], successor_unit, *, at: datetime, actor=None,
              check: _Check | None = None, decision: str | None = None) -> list[Dossier]:
    """Move dossiers in progress from `old_unit` (the current schema) to `successor_unit`, in the caller's
    transactions (on every server: `moving_atomic`), a few statements for the lot whatever their number: on one
    database server copied by the server itself (INSERT ... SELECT between the two schemas), else through this
    process. Returns the copies (on one server with only their id and code loaded). OnestopError CANNOT_CARRY (the
    caller rolls back) when the successor cannot take one of them."""
    check = check or _Check(old_unit)
    for dossier in dossiers:
        problem = check.problem(successor_unit, dossier.procedure_code)
        if problem:
            raise OnestopError("CANNOT_CARRY", _("Không chuyển được hồ sơ %(code)s: %(why)s") % {
                "code": dossier.code, "why": problem}, "code")
    codes = [d.code for d in dossiers]
    held = _held(successor_unit, codes)
    taken = _taken_codes(held, old_unit)
    if taken:
        raise OnestopError("CANNOT_CARRY", _("Không chuyển được hồ sơ %(code)s: %(why)s") % {
            "code": taken[0], "why": _("Đơn vị %(new)s đã có hồ sơ mã %(code)s.") % {
                "new": successor_unit.code, "code": taken[0]}}, "code")
    decision = _decision(old_unit, successor_unit) if decision is None else decision
    note = {"from_unit": old_unit.code, "to_unit": successor_unit.code, "decision": decision}
    role = "administrator" if actor else "system"

    def reorganised(dossier: Dossier, copy: Dossier, to_status: str) -> DossierEvent:
        return events.event(copy, ACTION, at=at, from_status=dossier.status, to_status=to_status, actor=actor,
                            unit_code=old_unit.code, role_code=role, reason=decision, data=note)

    earlier, stubs = _carried_before(old_unit, successor_unit, held)
    fresh = [d for d in dossiers if d.code not in earlier]
    if not fresh:
        copies = {}
    elif old_unit.database == successor_unit.database:  # one server: copied by the database, schema to schema
        copies = _copy_on_server(old_unit, [d.pk for d in fresh], successor_unit, at)
        with entered(successor_unit):
            events.record_many([reorganised(d, copies[d.code], d.status) for d in fresh])
    else:
        copies = dict(zip((d.code for d in fresh),
                          _copy_through_python(old_unit, fresh, successor_unit, at, reorganised), strict=True))
    copies.update({code: Dossier(pk=pk, code=code) for code, pk in earlier.items()})
    unmarked = [d for d in dossiers if d.code not in stubs]
    events.record_many([reorganised(d, d, Status.TRANSFERRED) for d in unmarked])
    # The old copy stays as a stub: "transferred" to the successor, its status there remembered (SET uses old values).
    Dossier.objects.filter(pk__in=[d.pk for d in unmarked]).update(
        remote_status=F("status"), status=Status.TRANSFERRED, holder_unit_code=successor_unit.code,
        remote_updated_at=at)
    forward_many(KIND, codes, old_unit, successor_unit, at=at)
    partners = unmarked
    if stubs:  # their partners as their copies name them (a stub names the successor); re-pointing twice is harmless
        with entered(successor_unit):
            partners = unmarked + list(Dossier.objects.filter(code__in=list(stubs)))
    _repoint_partners(old_unit, partners, successor_unit)
    if fresh:  # the other modules' copies of an earlier attempt's dossiers were committed with them
        hooks.send(dossier_moved, old_unit, dossier_codes=[d.code for d in fresh], to_unit_code=successor_unit.code)
    return [copies[code] for code in codes]


def _copy_through_python(old_unit, dossiers: list[Dossier], successor_unit, at: datetime, reorganised) -> list[Dossier]:
    """The copies written row by row through this process: the successor is on another database server."""
    ids = [d.pk for d in dossiers]
    steps, history = defaultdict(list), defaultdict(list)
    for step in DossierStep.objects.filter(dossier_id__in=ids).order_by("index"):
        steps[step.dossier_id].append(step)
    for event in DossierEvent.objects.filter(dossier_id__in=ids).order_by("at", "id"):
        history[event.dossier_id].append(event)
    components = defaultdict(list)
    for component in DossierComponent.objects.filter(dossier_id__in=ids).order_by("id"):
        components[component.dossier_id].append(component)
    scans = list(ScanFile.objects.filter(sha256__in={c.scan_id for cs in components.values() for c in cs
                                                     if c.scan_id}))
    with entered(successor_unit):
        copies = [_copy(d, old_unit, successor_unit, at) for d in dossiers]
        Dossier.objects.bulk_create(copies)
        DossierStep.objects.bulk_create([
            DossierStep(dossier=copy, **{f: getattr(s, f) for f in _STEP_FIELDS})
            for d, copy in zip(dossiers, copies, strict=True) for s in steps[d.pk]])
        events.record_many([
            DossierEvent(dossier=copy, **{f: getattr(e, f) for f in _EVENT_FIELDS})
            for d, copy in zip(dossiers, copies, strict=True) for e in history[d.pk]]
            + [reorganised(d, copy, d.status) for d, copy in zip(dossiers, copies, strict=True)])
        # The received components and their scans (stored once per unit under their hash, never modified).
        ScanFile.objects.bulk_create([ScanFile(**{f.attname: getattr(scan, f.attname)
                                                  for f in ScanFile._meta.concrete_fields}) for scan in scans],
                                     ignore_conflicts=True)
        DossierComponent.objects.bulk_create([
            DossierComponent(dossier=copy, **{f: getattr(c, f) for f in _COMPONENT_FIELDS})
            for d, copy in zip(dossiers, copies, strict=True) for c in components[d.pk]])
    return copies


def _columns(model, skip=("id",)) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.name not in skip]


def _copy_on_server(old_unit, ids: list[int], successor_unit, at: datetime) -> dict[str, Dossier]:
    """The copies written by INSERT ... SELECT from the old unit's schema into the successor's (both on this
    connection's server), in the caller's transaction: a few statements whatever the number of dossiers, no row
    through this process. Returns {code: the copy (id and code loaded)}. The same rows as _copy_through_python."""
    old, new = connection.ops.quote_name(old_unit.schema_name), connection.ops.quote_name(successor_unit.schema_name)
    params = {"ids": ids, "old": old_unit.code, "new": successor_unit.code, "at": at, "now": timezone.now()}
    special = {
        "holder_unit_code": "CASE WHEN d.holder_unit_code IN ('', %(old)s) THEN %(new)s ELSE d.holder_unit_code END",
        "competent_unit_code": "CASE WHEN d.competent_unit_code = %(old)s THEN %(new)s ELSE d.competent_unit_code END",
        "carried_from": "%(old)s", "carried_at": "%(at)s", "created_at": "%(now)s"}
    dossier_columns = _columns(Dossier)
    picked = ", ".join(special.get(c, f"d.{c}") for c in dossier_columns)

    def children(model, order: str) -> str:
        columns = _columns(model, ("id", "dossier"))
        return (f"INSERT INTO {new}.{model._meta.db_table} (dossier_id, {', '.join(columns)}) "
                f"SELECT n.id, {', '.join('x.' + c for c in columns)} FROM {old}.{model._meta.db_table} x "
                f"JOIN {old}.onestop_dossier o ON o.id = x.dossier_id JOIN {new}.onestop_dossier n ON n.code = o.code "
                f"WHERE o.id = ANY(%(ids)s) ORDER BY {order}")

    scan_columns = ", ".join(_columns(ScanFile, ()))
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {new}.onestop_dossier ({', '.join(dossier_columns)}) SELECT {picked} "
                    f"FROM {old}.onestop_dossier d WHERE d.id = ANY(%(ids)s) ORDER BY d.id RETURNING id, code", params)
        copies = {code: Dossier(pk=pk, code=code) for pk, code in cur.fetchall()}
        cur.execute(children(DossierStep, "x.dossier_id, x.index"), params)
        cur.execute(children(DossierEvent, "x.dossier_id, x.at, x.id"), params)
        cur.execute(f"INSERT INTO {new}.onestop_scanfile ({scan_columns}) SELECT {scan_columns} "
                    f"FROM {old}.onestop_scanfile WHERE sha256 IN (SELECT scan_id FROM {old}.onestop_dossiercomponent "
                    "WHERE dossier_id = ANY(%(ids)s)) ON CONFLICT DO NOTHING", params)
        cur.execute(children(DossierComponent, "x.dossier_id, x.id"), params)
    return copies


def _copy(dossier: Dossier, old_unit, successor_unit, at: datetime) -> Dossier:
    copy = Dossier(**{name: getattr(dossier, name) for name in _COPIED})
    copy.carried_from, copy.carried_at = old_unit.code, at
    if copy.holder_unit_code in ("", old_unit.code):  # one sent on to another unit stays held there (its reports)
        copy.holder_unit_code = successor_unit.code
    if copy.competent_unit_code == old_unit.code:  # received elsewhere for the old unit to decide: now the successor
        copy.competent_unit_code = successor_unit.code
    return copy


def _repoint_partners(old_unit, dossiers: list[Dossier], successor_unit) -> None:
    """Liên thông partners speak to the successor from now on: the unit that sent us a dossier (its copy names us
    as holder), the unit we sent it to (its copy reports progress to `transferred_from`) and the point that received
    it for us to decide (its copy names us as competent unit)."""
    by_partner: dict[str, list[str]] = defaultdict(list)
    for d in dossiers:
        for code in {d.transferred_from, d.holder_unit_code, d.origin_unit_code} - {"", old_unit.code,
                                                                                    successor_unit.code}:
            by_partner[code].append(d.code)
    for unit in Unit.objects.filter(code__in=list(by_partner)):
        if not is_enabled(unit, "onestop"):
            continue
        codes = by_partner[unit.code]
        with entered(unit):
            Dossier.objects.filter(code__in=codes, holder_unit_code=old_unit.code).update(
                holder_unit_code=successor_unit.code)
            Dossier.objects.filter(code__in=codes, transferred_from=old_unit.code).update(
                transferred_from=successor_unit.code)
            Dossier.objects.filter(code__in=codes, competent_unit_code=old_unit.code).update(
                competent_unit_code=successor_unit.code)


# --- The hooks' receivers ---

def _plan(unit, successors: tuple[Successor, ...]):
    """(dossier, successor or None) for each dossier in progress not moved yet, oldest first."""
    moved = _moved_codes(unit)
    rows = _in_progress().exclude(code__in=moved).order_by("received_at", "id")
    return [(d, route_by_address(address_of(d), successors)) for d in rows]


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    """What would move (per successor), stay (finished, in the archive) or wait for a decision; changes nothing."""
    check, lines, codes = _Check(unit, dry=True), {}, {}
    waiting: list[str] = []
    for dossier, successor in _plan(unit, successors):
        if successor is None:
            waiting.append(dossier.code)
            continue
        line = lines.setdefault(successor.unit.code, CarryLine(_("Hồ sơ đang giải quyết"), 0, successor.unit.code))
        line.count += 1
        codes.setdefault(successor.unit.code, (successor.unit, []))[1].append(dossier.code)
        problem = check.problem(successor.unit, dossier.procedure_code)
        if problem and problem not in line.details:
            line.details.append(problem)
    for code, (successor_unit, planned) in codes.items():
        for taken in _taken_codes(_held(successor_unit, planned), unit):
            lines[code].details.append(_("Đơn vị %(new)s đã có hồ sơ mã %(code)s.") % {"new": code, "code": taken})
    out = list(lines.values())
    finished = Dossier.objects.filter(status__in=FINAL_STATUSES).count()
    out.append(CarryLine(_("Hồ sơ đã giải quyết xong (ở lại kho lưu trữ)"), finished, None))
    return out + _waiting_lines(waiting, successors)


def carry(unit, *, successors: tuple[Successor, ...], effective: date, at: datetime | None = None) -> list[CarryLine]:
    """Move every dossier in progress that has a successor; the others stay for the review queue. Raises
    OnestopError (the caller rolls the whole unit back) when a successor cannot take one."""
    at = at or timezone.now()
    check, batches, waiting = _Check(unit), {}, []
    for dossier, successor in _plan(unit, successors):
        if successor is None:
            waiting.append(dossier.code)
            continue
        batches.setdefault(successor.unit.code, (successor.unit, []))[1].append(dossier)
    out = []
    for code, (successor_unit, dossiers) in batches.items():
        for start in range(0, len(dossiers), _BATCH):
            move_many(unit, dossiers[start:start + _BATCH], successor_unit, at=at, check=check)
        out.append(CarryLine(_("Hồ sơ đang giải quyết"), len(dossiers), code))
    out.append(CarryLine(_("Hồ sơ đã giải quyết xong (ở lại kho lưu trữ)"),
                         Dossier.objects.filter(status__in=FINAL_STATUSES).count(), None))
    return out + _waiting_lines(waiting, successors)


def _waiting_lines(waiting: list[str], successors: tuple[Successor, ...]) -> list[CarryLine]:
    """The dossiers no address placed, told to each successor: its administrators see them in the review queue."""
    if not waiting:
        return []
    return [CarryLine(_("Hồ sơ đang giải quyết chờ quyết định chuyển"), 0, s.unit.code, needs_decision=len(waiting),
                      details=waiting[:_SHOWN]) for s in successors]


# --- The review queue: a split unit's dossiers no address placed ---

@dataclass(frozen=True)
class ReviewItem:
    unit_code: str        # the ended unit that holds it
    unit_name: str
    code: str
    procedure_name: str
    applicant_name: str
    address: str
    status: str
    received_at: datetime
    due_at: datetime


def _require_administrator(user, unit) -> None:
    if user is None or "administrator" not in role_codes(user, unit):
        raise OnestopError("FORBIDDEN", _("Chỉ quản trị đơn vị được xem và phân hồ sơ chờ quyết định."), status=403)


def _ended_predecessors(unit) -> list[Unit]:
    return [s.predecessor for s in predecessors_of(unit) if s.predecessor.ended_on is not None]


def review_queue(user, unit=None) -> list[ReviewItem]:
    """The dossiers in progress still held by the ended units the current unit succeeded (administrators only)."""
    unit = unit or connection.tenant
    _require_administrator(user, unit)
    items = []
    for old in _ended_predecessors(unit):
        if not is_enabled(old, "onestop"):
            continue
        moved = _moved_codes(old)
        with entered(old):
            rows = _in_progress().exclude(code__in=moved).order_by("received_at", "id")
            items += [ReviewItem(old.code, old.name, d.code, d.procedure_name, d.applicant_name, address_of(d),
                                 d.status, d.received_at, d.due_at) for d in rows]
    return items


def assign(user, dossier_code: str, *, at: datetime | None = None) -> Dossier:
    """Take one dossier of the review queue into the current unit, exactly as the carry moves one, in its own
    transactions (`moving_atomic`): not to be called inside a transaction of the caller's, which would hold the
    current server's commit back until after the others'."""
    unit = connection.tenant
    _require_administrator(user, unit)
    at = at or timezone.now()
    for old in _ended_predecessors(unit):
        if not is_enabled(old, "onestop"):
            continue
        # The old unit may be on another database server than this one: a transaction on each, committed in the
        # carry's order, so the copy and the old dossier's "transferred" mark stand together or not at all.
        with moving_atomic(old, [unit]), entered(old):
            dossier = Dossier.objects.select_for_update().filter(code=dossier_code).first()
            if dossier is None:
                continue
            if dossier.status in FINAL_STATUSES or dossier_code in _moved_codes(old):
                raise OnestopError("ALREADY_MOVED", _("Hồ sơ %(code)s không còn chờ quyết định.") % {
                    "code": dossier_code}, "code")
            return move(old, dossier, unit, at=at, actor=user)
    raise OnestopError("NOT_A_PREDECESSOR", _("Không có hồ sơ %(code)s chờ quyết định của đơn vị cũ nào của đơn vị "
                                              "này.") % {"code": dossier_code}, "code")


__all__ = ["ACTION", "KIND", "ReviewItem", "address_of", "assign", "carry", "inventory", "move", "move_many",
           "review_queue"]
