"""Speed of the working-day clock: building a calendar, deadline arithmetic and classification (no database)."""

import random
import time
from datetime import datetime, timedelta

from core.calendar.deadlines import start_deadline
from core.calendar.public_holidays import public_holidays, swapped_working_days
from core.calendar.status import classify
from core.calendar.working_calendar import VN_TZ, WorkingCalendar

FIRST, LAST = 2025, 2028
N = 20_000


def _instants(count: int) -> list[datetime]:
    rng = random.Random(61)
    base = datetime(2025, 1, 1, tzinfo=VN_TZ)
    return [base + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)) for _ in range(count)]


def _rate(fn, items) -> str:
    started = time.perf_counter()
    for item in items:
        fn(item)
    elapsed = time.perf_counter() - started
    return f"{len(items) / elapsed:,.0f}/s"


def run() -> list[tuple[str, str]]:
    public_holidays(FIRST, LAST)  # the package's own computation is cached per process; time our part
    started = time.perf_counter()
    for _ in range(20):
        cal = WorkingCalendar(FIRST, LAST, holidays=public_holidays(FIRST, LAST),
                              working_days=swapped_working_days(FIRST, LAST))
    build_ms = (time.perf_counter() - started) / 20 * 1000
    instants = _instants(N)
    rng = random.Random(18)
    days = [rng.randrange(1, 60) for _ in range(N)]
    pairs = list(zip(instants, days, strict=True))
    later = [(t, t + timedelta(hours=rng.randrange(1, 2000))) for t in instants]
    return [
        ("calendar: build 4 years (ms)", f"{build_ms:.2f}"),
        ("calendar: add_working_days", _rate(lambda p: cal.add_working_days(p[0], p[1]), pairs)),
        ("calendar: add_working_hours", _rate(lambda p: cal.add_working_hours(p[0], p[1] / 4), pairs)),
        ("calendar: working_time_between", _rate(lambda p: cal.working_time_between(*p), later)),
        ("calendar: appointments (start in office hours + N days)", _rate(lambda p: cal.appointment(p[0], days=p[1]), pairs)),
        ("calendar: deadlines opened", _rate(lambda p: start_deadline(cal, p[0], days=p[1]), pairs)),
        ("calendar: statuses classified", _rate(lambda p: classify(p[1], completed_at=p[0]), later)),
    ]


if __name__ == "__main__":
    for name, value in run():
        print(f"{name}: {value}")
