"""Recorded plans and their runs: started once per plan, resumed by running the same plan again; what each step did;
the memberships carried into a unit, for its administrator to confirm."""

from enum import StrEnum

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.ids import object_id
from tenants.models import CarriedMembership, ReorganisationPlan, ReorganisationRun, RunStatus
from tenants.services.reorganisation.plan import Plan


def start(plan: Plan) -> ReorganisationRun:
    """The plan's run: created the first time, found (one more attempt) when the same plan is run again."""
    with transaction.atomic():
        recorded, _created = ReorganisationPlan.objects.get_or_create(key=plan.key(), defaults={
            "source": plan.source[:300], "effective_on": plan.effective_on, "decision": plan.decision,
            "content": plan.content()})
        run, created = ReorganisationRun.objects.select_for_update().get_or_create(
            plan=recorded, defaults={"started_at": timezone.now()})
        if not created:
            ReorganisationRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1, last_error="")
            run.refresh_from_db()
        return run


def finish(run: ReorganisationRun) -> None:
    ReorganisationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now(), last_error="")


def fail(run: ReorganisationRun, error: str) -> None:
    ReorganisationRun.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(
        status=RunStatus.FAILED, last_error=error[:4000])


def plans():
    return ReorganisationPlan.objects.select_related("run").order_by("-created_at")


class Code(StrEnum):
    NOT_FOUND = "NOT_FOUND"


class ConfirmRefused(ServiceError):
    codes = Code


def carried_memberships(unit, unconfirmed_only: bool = False):
    """The memberships carried into `unit` from ended units, unconfirmed first."""
    rows = (CarriedMembership.objects.filter(to_unit=unit).select_related("user", "from_unit", "to_unit", "confirmed_by")
            .order_by(F("confirmed_at").asc(nulls_first=True), "from_unit__code", "user__username"))
    return rows.filter(confirmed_at__isnull=True) if unconfirmed_only else rows


def confirm_memberships(unit, ids, by, *, at=None) -> int:
    """The successor's administrator confirms carried memberships (they were active from the start: this records that
    someone checked them). Ids that are not memberships carried into `unit` refuse the whole call (ConfirmRefused,
    nothing confirmed); ones confirmed already are left as they were. Returns how many were confirmed now."""
    wanted = {str(i).strip() for i in ids}
    numbers = {object_id(i) for i in wanted} - {None}
    with transaction.atomic():
        rows = CarriedMembership.objects.select_for_update().filter(to_unit=unit, pk__in=numbers)
        found = {str(pk) for pk in rows.values_list("pk", flat=True)}
        unknown = sorted(wanted - found)
        if unknown or not wanted:
            raise ConfirmRefused(Code.NOT_FOUND, _("Không có thành viên chuyển sang %(unit)s với mã: %(ids)s.") % {
                "unit": unit.code, "ids": ", ".join(unknown) or "-"}, field="ids", status=404)
        return rows.filter(confirmed_at__isnull=True).update(confirmed_at=at or timezone.now(), confirmed_by=by)
