"""Per-unit backup and restore (`egov units backup` / `egov units restore --as`) at two fleet sizes: the time of one
unit must not grow with the number of other units (the issue measured `pg_dump -n` of one unit at 10 s and 900 MB
with 11,367 units)."""

import statistics
import tempfile
import time
from pathlib import Path

from tenants.models import Unit
from tenants.services.provisioning import provision_many
from tenants.services.template import ensure_template
from tenants.services.unit_backup import backup_unit
from tenants.services.unit_restore import restore_unit
from tenants.services.units import UnitRecord, record_units

SIZES = (50, 500)
REPEAT = 3
TARGET_S = 5


def _grow_to(size: int) -> None:
    have = Unit.objects.filter(code__startswith="BK-").count()
    record_units([UnitRecord(f"BK-{i:05d}", f"Đơn vị đo {i}", "commune") for i in range(have, size)])
    provision_many(Unit.objects.filter(code__startswith="BK-").exclude(status="ready").order_by("code"))


def _measure(size: int, folder: Path) -> tuple[float, float, int]:
    unit = Unit.objects.get(code="BK-00000")
    backups, restores = [], []
    for i in range(REPEAT):
        path = folder / f"{size}-{i}.tar.gz"
        t0 = time.perf_counter()
        backup_unit(unit, path)
        backups.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        restore_unit(path, as_code=f"BR-{size}-{i}")
        restores.append(time.perf_counter() - t0)
    return statistics.median(backups), statistics.median(restores), path.stat().st_size


def run() -> list[tuple[str, str]]:
    ensure_template()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            _grow_to(size)
            backup_s, restore_s, size_bytes = _measure(size, Path(folder))
            units = Unit.objects.count()
            met = "met" if backup_s + restore_s < TARGET_S else "MISSED"
            rows += [
                (f"backup of one unit, {units} units (s, median of {REPEAT})", f"{backup_s:.2f}"),
                (f"restore as a new code, {units} units (s, median of {REPEAT})",
                 f"{restore_s:.2f} (target backup+restore < {TARGET_S} s: {met})"),
                (f"backup file, {units} units (KB)", f"{size_bytes / 1024:.0f}"),
            ]
    return rows
