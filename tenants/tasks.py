"""Provisioning from the admin or the API runs here, on a worker; the unit's status shows its progress."""

from celery import shared_task

from tenants.models import Unit


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError,), retry_backoff=True,
             max_retries=5)
def provision_unit_task(unit_id: int, method: str = "clone") -> str | None:
    from tenants.services.provisioning import provision_unit
    from tenants.services.spares import make_spares

    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    used = provision_unit(unit, method)  # idempotent: a ready unit is left as it is
    make_spares()  # the next unit from the admin or the API takes a spare again
    return used.value if used else None


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError,), retry_backoff=True,
             max_retries=5)
def repair_references_task() -> int:
    """Units' rows left behind by a deleted person, group or permission (idempotent: a second run finds none)."""
    from tenants.services.references import repair_references

    return len(repair_references())
