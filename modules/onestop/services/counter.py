"""What the counter shows: the procedures the unit handles, with its process and the channels each one offers."""

from dataclasses import dataclass
from decimal import Decimal

from modules.catalogue.services import get_versions
from modules.onestop.models import Channel
from modules.procedures.services import UnitProcess, unit_procedures


@dataclass(frozen=True)
class OfferedChannel:
    channel: str                  # modules.onestop.models.Channel
    processing_days: Decimal | None  # in working days when the stated time converts (None: calendar days, months)
    fee_amount: int | None
    fee_description: str
    time_value: Decimal | None = None  # the time intake counts, as the catalogue states it (plans.ChannelTime)
    time_unit: str = ""


@dataclass(frozen=True)
class CounterProcedure:
    process: UnitProcess
    channels: tuple[OfferedChannel, ...]


def _offered(version) -> tuple[OfferedChannel, ...]:
    """The channels with a stated time, each with the row intake counts (plans._channel_time: the first row's unit,
    the shortest time in it)."""
    if version is None:
        return ()
    best: dict[str, OfferedChannel] = {}
    for row in version.channels.all():
        if row.channel not in Channel.values or row.time_value is None or not row.time_unit:
            continue
        known = best.get(row.channel)
        if known is None or (row.time_unit == known.time_unit and row.time_value < known.time_value):
            best[row.channel] = OfferedChannel(row.channel, row.processing_days, row.fee_amount, row.fee_description,
                                               row.time_value, row.time_unit)
    return tuple(best[c] for c in Channel.values if c in best)


def counter_procedures(unit) -> list[CounterProcedure]:
    """The unit's active procedures in code order; a channel is offered when the catalogue states its time."""
    processes = unit_procedures(unit)
    versions = get_versions({p.current_version_id or p.version_id for p in processes})
    return [CounterProcedure(p, _offered(versions.get(p.current_version_id or p.version_id))) for p in processes]
