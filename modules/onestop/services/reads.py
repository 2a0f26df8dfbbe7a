"""Reading dossiers, for other modules (printing, notices, payments, tracking, statistics): the only way they reach
the one-stop module's data. Each function runs in the current unit's schema and returns model instances or plain
values; callers read them and never query the one-stop models themselves.

The status and channel choices are re-exported here so that callers compare with names, not string literals.
"""

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core.platform_relations import with_related
from modules.onestop.models import (
    FINAL_STATUSES,
    Channel,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStep,
    Handling,
    NationalUpdate,
    Status,
)
from modules.onestop.services import unconfirmed

__all__ = [
    "FINAL_STATUSES", "Channel", "Status", "current_step", "dossier", "dossier_events", "dossier_exists",
    "dossier_status", "dossier_steps", "dossiers_received", "event", "last_event", "latest_event_id", "open_codes_received_here",
    "own_completed_between", "own_open_at", "own_procedures_of", "own_received_between",
    "own_digitisation_between", "own_results_electronic_between", "received_for_others_between",
    "own_closed_dossiers_between", "own_received_links_between", "digitisation_of",
]


def dossier(code: str, *, with_assignee: bool = False) -> Dossier | None:
    """The dossier with this code in the current unit, or None."""
    rows = with_related(Dossier.objects.all(), "assignee") if with_assignee else Dossier.objects
    return rows.filter(code=code).first()


def dossier_exists(code: str) -> bool:
    return Dossier.objects.filter(code=code).exists()


def dossier_status(code: str) -> str | None:
    """The dossier's status, or None when the current unit has no such dossier."""
    return Dossier.objects.filter(code=code).values_list("status", flat=True).first()


def dossier_steps(dossier: Dossier) -> list[DossierStep]:
    """The dossier's steps, in order."""
    return list(dossier.steps.order_by("index"))


def current_step(dossier: Dossier) -> DossierStep | None:
    """The step the dossier is at (or starts with when just received)."""
    return dossier.steps.filter(index=dossier.step_index).first()


def dossier_events(dossier: Dossier, *, with_actor: bool = False) -> list[DossierEvent]:
    """The dossier's history, oldest first."""
    rows = with_related(DossierEvent.objects.all(), "actor") if with_actor else DossierEvent.objects
    return list(rows.filter(dossier=dossier).order_by("at", "id"))


def last_event(dossier: Dossier, action: str) -> DossierEvent | None:
    """The latest event of this action on the dossier (with its actor), or None."""
    return (with_related(DossierEvent.objects.filter(dossier=dossier, action=action), "actor")
            .order_by("-at", "-id").first())


def latest_event_id(dossier_code: str, actions) -> int | None:
    """The id of the latest event of one of these actions on the dossier, or None."""
    return (DossierEvent.objects.filter(dossier__code=dossier_code, action__in=list(actions))
            .order_by("-id").values_list("id", flat=True).first())


def event(event_id: int) -> DossierEvent | None:
    return DossierEvent.objects.filter(pk=event_id).first()


def dossiers_received(start: datetime, end: datetime, *, limit: int) -> list[Dossier]:
    """Dossiers received in [start, end), oldest first, at most `limit`; each annotated with `sent_at`, when its
    first step started (the register's "handed to the processing unit")."""
    first_step = DossierStep.objects.filter(dossier=OuterRef("pk"), index=0).values("started_at")[:1]
    return list(Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
                .annotate(sent_at=Subquery(first_step)).order_by("received_at", "id")[:limit])


def open_codes_received_here() -> list[str]:
    """Codes of the dossiers not yet closed that this unit received itself (not transferred to it), oldest first."""
    return list(Dossier.objects.filter(transferred_from="").exclude(status__in=list(FINAL_STATUSES))
                .order_by("received_at", "id").values_list("code", flat=True))


# --- The dossiers a unit counts as its own: received by it, not transferred to it by another unit ---
# A dossier carried here from an ended unit in a reorganisation (`carried_from`) is this unit's own from `carried_at`
# on: what happened to it from then (result, closing, still open, fees, ratings) counts here; its receipt and
# anything before was counted by the ended unit, whose copy stays as it was (services/reorganisation.py).

_CLOCK_FIELDS = ("code", "procedure_code", "status", "received_at", "completed_at", "closed_at", "due_at", "deadline")


def _counted():
    """Dossiers the unit has received, each with `counted_at`, when it counts as received: a citizen's own online
    submission only once its applicant confirmed it, at that time (services/unconfirmed.py); the others at receipt."""
    return Dossier.objects.filter(unconfirmed.COUNTED).annotate(
        counted_at=Coalesce("confirmed_at", "received_at"))


def _own(unit_code: str):
    # Receipt regardless of boundary: a dossier counts for the unit that decides it (`competent_unit_code`),
    # whichever point received it, and never for the point (received_for_others_between).
    received_here = Q(transferred_from="", competent_unit_code="") & (
        Q(origin_unit_code=unit_code) | Q(origin_unit_code="") | ~Q(carried_from=""))
    return _counted().filter(received_here | Q(competent_unit_code=unit_code))


def received_for_others_between(unit_code: str, start: datetime, end: datetime) -> list[tuple[str, str]]:
    """(procedure code, channel) of each dossier this unit received in [start, end) for another unit to decide."""
    return list(_counted().filter(transferred_from="", origin_unit_code=unit_code, counted_at__gte=start,
                                  counted_at__lt=end).exclude(competent_unit_code="")
                .exclude(competent_unit_code=unit_code).values_list("procedure_code", "channel"))


def _here_since(field: str) -> Q:
    """Not carried here, or `field` (a moment) after the carry."""
    return Q(carried_from="") | Q(**{f"{field}__gte": F("carried_at")})


def own_received_between(unit_code: str, start: datetime, end: datetime) -> list[tuple[str, str]]:
    """(procedure code, channel) of each own dossier received in [start, end)."""
    return list(_own(unit_code).filter(carried_from="", counted_at__gte=start, counted_at__lt=end)
                .values_list("procedure_code", "channel"))


def own_completed_between(unit_code: str, start: datetime, end: datetime) -> list[Dossier]:
    """Own dossiers whose result was made in [start, end), with the fields their deadline status needs."""
    return list(_own(unit_code).filter(completed_at__gte=start, completed_at__lt=end)
                .filter(_here_since("completed_at")).only(*_CLOCK_FIELDS))


def own_open_at(unit_code: str, moment: datetime) -> list[Dossier]:
    """Own dossiers received before `moment` and without a result then, with the fields their deadline needs."""
    return list(_own(unit_code).filter(counted_at__lt=moment)
                .filter(Q(carried_from="") | Q(carried_at__lte=moment))
                .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=moment)).only(*_CLOCK_FIELDS))


def own_procedures_of(unit_code: str, codes) -> dict[str, str]:
    """{dossier code: procedure code} of those of these dossiers the unit counts as its own."""
    return dict(_own(unit_code).filter(code__in=list(codes)).values_list("code", "procedure_code"))


def own_digitisation_between(unit_code: str, start: datetime, end: datetime) -> list[tuple[str, bool, bool]]:
    """(procedure code, digitised, reusing data) of each own dossier received in [start, end). Digitised: filed
    online, or every paper component recorded at receipt scanned, exempt or taken from a shared database (none left
    on paper). Reusing data: at least one component taken from a shared database."""
    parts = DossierComponent.objects.filter(dossier=OuterRef("pk"), kind=DossierComponent.COMPONENT)
    rows = (_own(unit_code).filter(carried_from="", counted_at__gte=start, counted_at__lt=end)
            .annotate(any_part=Exists(parts), on_paper=Exists(parts.filter(handling=Handling.PAPER)),
                      reused=Exists(parts.filter(handling=Handling.DATABASE)))
            .values_list("procedure_code", "channel", "any_part", "on_paper", "reused"))
    return [(procedure, channel == Channel.ONLINE or (any_part and not on_paper), reused)
            for procedure, channel, any_part, on_paper, reused in rows]


def own_results_electronic_between(unit_code: str, start: datetime, end: datetime) -> list[str]:
    """Procedure code of each own dossier whose result, made in [start, end), was issued electronically (a result
    recorded scanned or electronic)."""
    results = DossierComponent.objects.filter(dossier=OuterRef("pk"), kind=DossierComponent.RESULT,
                                              handling=Handling.SCANNED)
    return list(_own(unit_code).filter(completed_at__gte=start, completed_at__lt=end)
                .filter(_here_since("completed_at")).filter(Exists(results))
                .values_list("procedure_code", flat=True))


def own_closed_dossiers_between(unit_code: str, statuses, start: datetime, end: datetime) -> list[Dossier]:
    """Own dossiers closed in [start, end) in one of these statuses, with the fields their deadline needs."""
    return list(_own(unit_code).filter(status__in=list(statuses), closed_at__gte=start, closed_at__lt=end)
                .filter(_here_since("closed_at")).only(*_CLOCK_FIELDS))


POPULATION_DATABASE = "population"  # data_sources.DATABASES: the national population database


def own_received_links_between(unit_code: str, start: datetime, end: datetime) -> list[tuple[str, int | None, bool,
                                                                                                bool]]:
    """(procedure code, procedure version id, synchronised, population data) of each own dossier received in
    [start, end). Synchronised: filed on the national public service portal and its receipt sent back there (the
    adapter's `receive` update sent, services/national_portal.py). Population data: at least one component taken from
    the national population database (data_sources, handling `database`)."""
    sent = NationalUpdate.objects.filter(link__dossier=OuterRef("pk"), action="receive", sent_at__isnull=False)
    population = DossierComponent.objects.filter(dossier=OuterRef("pk"), kind=DossierComponent.COMPONENT,
                                                 handling=Handling.DATABASE, database_code=POPULATION_DATABASE)
    return list(_own(unit_code).filter(carried_from="", counted_at__gte=start, counted_at__lt=end)
                .annotate(synced=Exists(sent), population=Exists(population))
                .values_list("procedure_code", "procedure_version_id", "synced", "population"))


def digitisation_of(codes) -> dict[str, tuple[bool, bool, bool]]:
    """{dossier code: (digitised at receipt, result electronic, result exempt)} of these dossiers of the current unit.
    Digitised at receipt as own_digitisation_between says; result electronic: its result recorded scanned or
    electronic; result exempt: recorded as not to be digitised (made during processing, confidential)."""
    parts = DossierComponent.objects.filter(dossier=OuterRef("pk"), kind=DossierComponent.COMPONENT)
    results = DossierComponent.objects.filter(dossier=OuterRef("pk"), kind=DossierComponent.RESULT)
    rows = (Dossier.objects.filter(code__in=list(codes))
            .annotate(any_part=Exists(parts), on_paper=Exists(parts.filter(handling=Handling.PAPER)),
                      electronic=Exists(results.filter(handling=Handling.SCANNED)),
                      exempt=Exists(results.filter(handling=Handling.EXEMPT)))
            .values_list("code", "channel", "any_part", "on_paper", "electronic", "exempt"))
    return {code: (channel == Channel.ONLINE or (any_part and not on_paper), electronic, exempt)
            for code, channel, any_part, on_paper, electronic, exempt in rows}
