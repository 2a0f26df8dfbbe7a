"""One channel of a procedure (cách thức thực hiện) as read from a file: what a SubmissionChannel row stores."""

from dataclasses import dataclass, field
from decimal import Decimal

from modules.catalogue.models import Channel, TimeUnit
from modules.catalogue.services.text import fold_key

HOURS_PER_DAY = Decimal(8)


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


@dataclass
class ParsedChannel:
    channel: str
    processing_days: Decimal | None = None  # working days, only when the stated time converts to them
    fee_amount: int | None = None  # the first fee in đồng: 0 free, None unknown (or only in another currency)
    fee_description: str = ""
    raw_text: str = ""
    warnings: list[str] = field(default_factory=list)
    time_value: Decimal | None = None
    time_unit: str = ""  # TimeUnit value, "" when no time could be read
    fees: list[dict] = field(default_factory=list)  # [{"amount": "50000", "currency": "VND", "text": ...}]
    description: str = ""

    def content(self) -> dict:
        return {"channel": str(self.channel), "processing_days": decimal_text(self.processing_days),
                "time_value": decimal_text(self.time_value), "time_unit": self.time_unit,
                "fee_amount": self.fee_amount, "fees": self.fees, "fee_description": self.fee_description,
                "description": self.description, "raw_text": self.raw_text}


def channel_of(name: str) -> str:
    folded = fold_key(name)
    if "tiep" in folded or folded == "counter":
        return Channel.COUNTER
    if "tuyen" in folded or folded == "online":
        return Channel.ONLINE
    if "buu" in folded or folded == "post":
        return Channel.POST
    return Channel.OTHER


def working_days(value: Decimal | None, unit: str) -> Decimal | None:
    """The time in working days when it converts (working days, hours of 8 per day); None for calendar days and
    months, which the deadline clock counts in their own kind."""
    if value is None:
        return None
    if unit == TimeUnit.WORKING_DAY:
        return value
    if unit == TimeUnit.HOUR:
        return (value / HOURS_PER_DAY).quantize(Decimal("0.001"))
    return None
