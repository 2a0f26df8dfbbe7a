"""What the counter shows: the procedures the unit handles, with its process and the channels each one offers."""

from dataclasses import dataclass
from decimal import Decimal

from modules.catalogue.services import get_versions
from modules.onestop.models import Channel
from modules.procedures.services import UnitProcess, unit_procedures


@dataclass(frozen=True)
class OfferedChannel:
    channel: str                  # modules.onestop.models.Channel
    processing_days: Decimal      # what intake counts (the shortest the catalogue states for the channel)
    fee_amount: int | None
    fee_description: str


@dataclass(frozen=True)
class CounterProcedure:
    process: UnitProcess
    channels: tuple[OfferedChannel, ...]


def _offered(version) -> tuple[OfferedChannel, ...]:
    if version is None:
        return ()
    best: dict[str, OfferedChannel] = {}
    for row in version.channels.all():
        if row.channel not in Channel.values or row.processing_days is None:
            continue
        known = best.get(row.channel)
        if known is None or row.processing_days < known.processing_days:
            best[row.channel] = OfferedChannel(row.channel, row.processing_days, row.fee_amount, row.fee_description)
    return tuple(best[c] for c in Channel.values if c in best)


def counter_procedures(unit) -> list[CounterProcedure]:
    """The unit's active procedures in code order; a channel is offered when intake can count its time."""
    processes = unit_procedures(unit)
    versions = get_versions({p.current_version_id or p.version_id for p in processes})
    return [CounterProcedure(p, _offered(versions.get(p.current_version_id or p.version_id))) for p in processes]
