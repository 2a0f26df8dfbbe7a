"""One thing `egov doctor` found: ok, a warning (works, but not as it should for production) or a failure."""

from dataclasses import asdict, dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Finding:
    level: Level
    area: str
    message: str
    advice: str = ""

    def as_dict(self) -> dict:
        return {**asdict(self), "level": self.level.value}
