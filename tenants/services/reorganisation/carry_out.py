"""Carrying a plan out, resumably: the new units provisioned first (with the modules their old units had), then ONE
transaction per old unit - a continuing unit takes its new name (the old one kept in UnitHistory), an ending unit's
modules carry its work (`reorganisation_carry`), its people move to its principal successor, the messages in flight
to it and those it had sent that have not arrived go to and from its successors (the one holding what each is about), its successions are recorded and it ends on the effective date (a read-only archive). A run killed at any
point has each old unit wholly done or untouched; running the same plan again resumes it."""

from collections.abc import Callable
from dataclasses import asdict as _asdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules import hooks
from core.modules.reorganisation import CarryLine, reorganisation_carry
from tenants.models import (
    CarriedMembership,
    ReorganisationPlan,
    ReorganisationRun,
    ReorganisationStep,
    StepAction,
    Unit,
    UnitHistory,
    UnitKind,
    UnitStatus,
    UnitSuccession,
)
from tenants.services import units_over_time
from tenants.services.provisioning import Method, provision_many
from tenants.services.reorganisation import runs
from tenants.services.reorganisation.dry_run import platform_lines
from tenants.services.reorganisation.plan import FULL, NewUnit, OldPart, Plan
from tenants.services.reorganisation.successors import continuing, ending, principal, successors_of
from tenants.services.reorganisation.validation import PlanRefused, validate
from tenants.services.template import ensure_template
from tenants.services.unit_context import moving_atomic
from tenants.services.units import UnitRecord, record_units


@dataclass
class Outcome:
    run: ReorganisationRun
    provisioned: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)          # old units done by this invocation
    already_done: list[str] = field(default_factory=list)  # done by an earlier (interrupted) invocation
    failed: dict[str, str] = field(default_factory=dict)


def check(plan: Plan, today: date) -> None:
    """Refuse (PlanRefused, every problem listed) a plan that may not be carried out today. A plan whose run has
    started is not validated again: its old units have begun to end."""
    started = ReorganisationPlan.objects.filter(key=plan.key()).exists()
    problems = [] if started else validate(plan, today)
    if plan.effective_on is not None and plan.effective_on > today:
        problems.append(_("Chưa đến ngày hiệu lực %(day)s: chỉ chạy thử (--dry-run) được trước ngày đó.") % {
            "day": plan.effective_on.strftime("%d/%m/%Y")})
    if problems:
        raise PlanRefused(problems)


def carry_out(plan: Plan, today: date, on_progress: Callable[[str], None] | None = None,
              method: str = Method.CLONE) -> Outcome:
    check(plan, today)
    run = runs.start(plan)
    outcome = Outcome(run)
    progress = on_progress or (lambda label: None)
    try:
        units = _provision(plan, outcome, method, progress)
        steps = _steps(run, plan)
        keep, carry = continuing(plan), ending(plan)
        old_names = dict(Unit.objects.filter(code__in=plan.old_codes()).values_list("code", "name"))
        # Where messages to the ending units wait: one pass over every outbox for the run, not one per old unit.
        from tenants.messaging.services import schemas_with_pending_to

        waiting = schemas_with_pending_to([s.old_unit.code for s in steps
                                           if s.done_at is None and s.action == StepAction.CARRY])
        for step in steps:
            code = step.old_unit.code
            if step.done_at is not None:
                outcome.already_done.append(code)
                progress(code)
                continue
            try:
                if step.action == StepAction.KEEP:
                    did = _keep(step, plan, keep[code])
                else:
                    did = _carry(step, plan, carry[code], units, old_names, waiting)
            except Exception as exc:  # noqa: BLE001 - this old unit is untouched (rolled back); the others go on
                outcome.failed[code] = f"{type(exc).__name__}: {exc}"
            else:
                (outcome.done if did else outcome.already_done).append(code)
            progress(code)
    except Exception as exc:
        runs.fail(run, f"{type(exc).__name__}: {exc}")
        raise
    if outcome.failed:
        runs.fail(run, "\n".join(f"{c}: {e}" for c, e in sorted(outcome.failed.items())))
    else:
        runs.finish(run)
    run.refresh_from_db()
    return outcome


# --- the new units --------------------------------------------------------------------------------------------------
def _provision(plan: Plan, outcome: Outcome, method: str, progress) -> dict[str, Unit]:
    """Record and provision the new units (a continuing unit exists already), with the modules their old units had.
    Idempotent: a unit already ready is left as it is."""
    fresh = [n for n in plan.units if n.kept_code is None]
    record_units([UnitRecord(n.code, n.name, n.kind, n.parent_code) for n in fresh
                  if not Unit.objects.filter(code=n.code).exists()])
    Unit.objects.filter(code__in=[n.code for n in fresh], effective_from__isnull=True).update(
        effective_from=plan.effective_on)
    if method == Method.CLONE:
        ensure_template()
    waiting = list(Unit.objects.filter(code__in=[n.code for n in fresh]).select_related("kind"))
    waiting.sort(key=lambda u: (u.kind.level, u.code))
    report = provision_many(waiting, method, on_progress=lambda unit: progress(unit.code))
    outcome.provisioned = report.provisioned
    if report.failed:
        raise RuntimeError("; ".join(f"{c}: {e}" for c, e in sorted(report.failed.items())))
    units = {u.code: u for u in Unit.objects.select_related("kind").filter(code__in=[n.code for n in plan.units])}
    olds = {u.code: u for u in Unit.objects.filter(code__in=plan.old_codes())}
    for new in plan.units:
        _enable_like(units[new.code], [olds[o.code] for o in _full_first(new.olds) if o.code in olds])
    return units


def _full_first(parts: list[OldPart]) -> list[OldPart]:
    return sorted(parts, key=lambda p: p.succession != FULL)


def _enable_like(unit: Unit, olds: list[Unit]) -> None:
    """Enable on `unit` the modules its old units had enabled, dependencies first, with the settings of the first old
    unit (whole ones first) that had each."""
    from core.modules.registry import all_manifests
    from core.modules.services import enable, enabled_modules, get_settings

    have = set(enabled_modules(unit))
    source: dict[str, Unit] = {}
    for old in olds:
        for module_id in sorted(enabled_modules(old)):
            source.setdefault(module_id, old)
    manifests = all_manifests()
    pending = [m for m in source if m not in have and m in manifests]
    while pending:
        ready = [m for m in pending if all(d in have for d in manifests[m].depends)]
        if not ready:
            break  # a dependency the old units never had: left for the administrator
        for module_id in ready:
            enable(unit, module_id, settings=get_settings(source[module_id], module_id))
            have.add(module_id)
        pending = [m for m in pending if m not in have]


# --- the steps ------------------------------------------------------------------------------------------------------
def _steps(run: ReorganisationRun, plan: Plan) -> list[ReorganisationStep]:
    olds = {u.code: u for u in Unit.objects.filter(code__in=plan.old_codes())}
    wanted = [(code, StepAction.KEEP) for code in sorted(continuing(plan))]
    wanted += [(code, StepAction.CARRY) for code in sorted(ending(plan))]
    ReorganisationStep.objects.bulk_create(
        [ReorganisationStep(run=run, old_unit=olds[code], action=action) for code, action in wanted],
        ignore_conflicts=True)
    steps = {s.old_unit.code: s for s in run.steps.select_related("old_unit")}
    return [steps[code] for code, _action in wanted]


def _lock(step: ReorganisationStep) -> ReorganisationStep | None:
    locked = ReorganisationStep.objects.select_for_update().select_related("old_unit").get(pk=step.pk)
    return None if locked.done_at is not None else locked


def _done(step: ReorganisationStep, lines: list[CarryLine]) -> None:
    step.done_at = timezone.now()
    step.lines = [_asdict(line) for line in lines]
    step.save(update_fields=["done_at", "lines"])


def _succession(old: Unit, new: Unit, part: OldPart, plan: Plan) -> None:
    UnitSuccession.objects.get_or_create(predecessor=old, successor=new, defaults={
        "kind": part.succession, "share": part.share, "effective_on": plan.effective_on, "decision": plan.decision})


def _keep(step: ReorganisationStep, plan: Plan, takers: list[tuple[NewUnit, OldPart]]) -> bool:
    """A continuing unit: its earlier name, kind and parent into UnitHistory, the new ones on the unit; the other new
    units taking part of it recorded as its partial successors (its records stay: a person moves them one by one)."""
    keeper = next(new for new, _part in takers if new.kept_code == step.old_unit.code)
    with transaction.atomic():
        step = _lock(step)
        if step is None:
            return False
        unit = Unit.objects.select_for_update(of=("self",)).select_related("kind", "parent").get(pk=step.old_unit_id)
        kind = UnitKind.objects.get(code=keeper.kind)
        parent = Unit.objects.get(code=keeper.parent_code) if keeper.parent_code else None
        lines = []
        if (unit.name, unit.kind_id, unit.parent_id) != (keeper.name, kind.pk, parent.pk if parent else None):
            UnitHistory.objects.get_or_create(unit=unit, valid_until=plan.effective_on, defaults={
                "name": unit.name, "kind": unit.kind, "parent": unit.parent, "decision": plan.decision})
            lines.append(CarryLine(_("Đổi tên, loại hoặc cấp trên: %(old)s -> %(new)s") % {
                "old": unit.name, "new": keeper.name}, 1, unit.code))
            unit.name, unit.kind, unit.parent = keeper.name, kind, parent
            unit.save(update_fields=["name", "kind", "parent"])
        others = [(new, part) for new, part in takers if new is not keeper]
        for new, part in others:
            _succession(unit, Unit.objects.get(code=new.code), part, plan)
            lines.append(CarryLine(_("Phần chuyển cho %(code)s chờ người chuyển từng hồ sơ") % {"code": new.code}, 0,
                                   new.code, needs_decision=1))
        _done(step, lines)
    return True


def _carry(step: ReorganisationStep, plan: Plan, takers: list[tuple[NewUnit, OldPart]], units: dict[str, Unit],
           old_names: dict[str, str], waiting: set[str] | None = None) -> bool:
    # A transaction on every database server (docs/ict/scale-out.md), all rolled back by a failure in the step: the
    # modules write into the successors and into the units that exchanged records with the old unit (liên thông
    # partners, wherever they are). Those servers commit just before the platform's: should the platform's commit
    # fail, a successor keeps copies that a re-run refuses to take twice. The old unit's server, when no successor is
    # on it, just after: its records are never left marked moved while the step is undone (a re-run would copy those
    # marks). A server nothing is written to sees no statement (psycopg begins a transaction at the first one).
    with moving_atomic(step.old_unit, [units[new.code] for new, _part in takers]):
        step = _lock(step)
        if step is None:
            return False
        old = Unit.objects.select_for_update().select_related("kind").get(pk=step.old_unit_id)
        for new, part in takers:  # first: a module's receiver reads the decision from them
            _succession(old, units[new.code], part, plan)
        successors = successors_of(old.code, takers, units, old_names)
        lines = [line for _module, answer in hooks.send(reorganisation_carry, old, successors=successors,
                                                        effective=plan.effective_on) for line in (answer or [])]
        head = units[principal(takers).code]
        old.ended_on, old.status = plan.effective_on, UnitStatus.ARCHIVED
        old.save(update_fields=["ended_on", "status"])
        from tenants.messaging.services import readdress_pending, sweep_outbox

        lines += platform_lines(_move_memberships(old, head), readdress_pending(old.code, head.code, waiting),
                                head.code, sweep_outbox(old, head))
        _grant_readers(old, [units[new.code] for new, _part in takers])
        _done(step, lines)
    return True


def _move_memberships(old: Unit, head: Unit) -> int:
    """Each active member of the old unit becomes a member of its principal successor with the same roles (one
    identity: the same person), listed for the successor's administrator to confirm. Their membership of the old unit
    stays: they still read its archive."""
    from core.accounts.models import Membership
    from core.accounts.services import grant_membership

    now = timezone.now()
    moved = 0
    for membership in Membership.objects.filter(unit=old, is_active=True).select_related("user").prefetch_related("roles"):
        codes = sorted(r.code for r in membership.roles.all() if r.code != units_over_time.ARCHIVE_READER)
        grant_membership(membership.user, head, codes)
        CarriedMembership.objects.get_or_create(user=membership.user, from_unit=old, to_unit=head,
                                                defaults={"roles": codes, "moved_at": now})
        moved += 1
    return moved


def _grant_readers(old: Unit, successors: list[Unit]) -> None:
    """The successors' administrators (those already there; later ones by tenants.archive_readers) read the archive."""
    from core.accounts.models import Membership
    from core.accounts.roles import ADMINISTRATOR
    from core.accounts.services import grant_membership

    units_over_time.ensure_archive_reader_role(old)
    admins = (Membership.objects.filter(unit__in=successors, is_active=True, roles__code=ADMINISTRATOR)
              .select_related("user").distinct())
    for membership in admins:
        grant_membership(membership.user, old, [units_over_time.ARCHIVE_READER])
