"""Small reads of the catalogue for other modules (procedures, printing, statistics): names, sectors and the
components of a version, as plain values. The catalogue's tables are in the public schema, visible from every unit."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q

from modules.catalogue.models import (
    DossierComponent,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    Sector,
    SubmissionChannel,
)


@dataclass(frozen=True)
class Component:
    """One paper of a procedure version's dossier: its name and how many originals and copies are handed in."""

    name: str
    originals: int
    copies: int


def components_of(version_id: int) -> list[Component]:
    """The dossier components of a procedure version, in their order."""
    rows = DossierComponent.objects.filter(version_id=version_id).order_by("position")
    return [Component(name, originals, copies) for name, originals, copies in rows.values_list("name", "originals",
                                                                                              "copies")]


def procedure_names(codes) -> dict[str, str]:
    """{procedure code: name} of those of these codes the catalogue has."""
    return dict(Procedure.objects.filter(code__in=list(codes)).values_list("code", "name"))


def procedure_sectors(codes) -> dict[str, int | None]:
    """{procedure code: sector id} of those of these codes the catalogue has."""
    return dict(Procedure.objects.filter(code__in=list(codes)).values_list("code", "sector_id"))


def sector_names(ids) -> dict[int, str]:
    """{sector id: name} of those of these ids that exist."""
    return dict(Sector.objects.filter(pk__in=[i for i in ids if i is not None]).values_list("pk", "name"))


def current_version_ids(codes) -> dict[str, int | None]:
    """{procedure code: id of its version in force} of those of these codes the catalogue has."""
    return dict(Procedure.objects.filter(code__in=list(codes)).values_list("code", "current_version_id"))


def procedures_in_force() -> list[tuple[str, str]]:
    """(code, name) of every procedure that has a version in force, by code."""
    return list(Procedure.objects.filter(current_version__isnull=False).order_by("code").values_list("code", "name"))


@dataclass(frozen=True)
class ChannelTime:
    """A channel's processing time as the catalogue states it: value and unit (TimeUnit: working_day, day, hour,
    month; "" when unknown), and working days when it converts (None for calendar days and months)."""

    channel: str
    value: Decimal | None
    unit: str
    working_days: Decimal | None


def channel_times(version_id: int) -> list[ChannelTime]:
    """Every channel row of a procedure version with its time and kind of day, in order: the deadline clock counts
    calendar days, months and hours as stated, not as working days."""
    rows = SubmissionChannel.objects.filter(version_id=version_id).order_by("position")
    return [ChannelTime(*row) for row in rows.values_list("channel", "time_value", "time_unit", "processing_days")]


ONLINE_SERVICE_LEVELS = (OnlineLevel.PARTIAL, OnlineLevel.FULL)  # an online public service, partial or full
FULL_ONLINE_SERVICE = OnlineLevel.FULL  # a full online public service ("toàn trình")


def online_levels(codes, at: datetime) -> dict[str, str]:
    """{procedure code: online level (OnlineLevel) of its version in force at `at`} of those of these codes the
    catalogue had in force then."""
    rows = (ProcedureVersion.objects.filter(procedure__code__in=list(codes), valid_from__lte=at)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))
            .order_by("procedure__code", "valid_from").values_list("procedure__code", "online_level"))
    return dict(rows)  # the latest version valid then wins


def procedures_with_fee(codes, at: datetime) -> set[str]:
    """Those of these procedure codes whose version in force at `at` (the latest valid then) states a fee above 0 on
    one of its channels."""
    rows = (ProcedureVersion.objects.filter(procedure__code__in=list(codes), valid_from__lte=at)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))
            .order_by("procedure__code", "valid_from").values_list("procedure__code", "pk"))
    in_force = dict(rows)  # the latest version valid then wins
    with_fee = versions_with_fee(in_force.values())
    return {code for code, version in in_force.items() if version in with_fee}


def versions_with_fee(version_ids) -> set[int]:
    """Those of these procedure versions with a fee above 0 on one of their channels (a fee stated 0 or not known in
    đồng does not count)."""
    return set(SubmissionChannel.objects.filter(version_id__in=[v for v in version_ids if v is not None],
                                                fee_amount__gt=0).values_list("version_id", flat=True).distinct())
