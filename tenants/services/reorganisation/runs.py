"""Recorded plans and their runs: started once per plan, resumed by running the same plan again; what each step did;
the memberships carried into a unit, for its administrator to confirm."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

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


def carried_memberships(unit, unconfirmed_only: bool = False):
    """The memberships carried into `unit` from ended units, unconfirmed first."""
    rows = CarriedMembership.objects.filter(to_unit=unit).select_related("user", "from_unit", "confirmed_by")
    return rows.filter(confirmed_at__isnull=True) if unconfirmed_only else rows


def confirm_memberships(unit, ids, by) -> int:
    """The successor's administrator confirms carried memberships (they were active from the start: this records that
    someone checked them). Returns how many were confirmed now."""
    return (CarriedMembership.objects.filter(to_unit=unit, pk__in=list(ids), confirmed_at__isnull=True)
            .update(confirmed_at=timezone.now(), confirmed_by=by))
