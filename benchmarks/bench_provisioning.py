"""Kernel figures, all from one run on one database (ratios are computed from the same run):

(a) one unit created by cloning the template schema vs by running the migrations (median of REPEAT each, the two
    methods alternating; the whole of provision_unit: schema, default roles, invitation, domain);
(b) a province from the shipped dataset: `egov provision --dataset vn-2023 --province 40` (482 units);
(c) `egov migrate` with nothing to apply, and `egov migrate --check`, over a fleet of at least FLEET units.
"""

import io
import statistics
import subprocess
import sys

from django.core.management import call_command

from benchmarks.timing import timed, verdict
from tenants.models import Unit, UnitStatus
from tenants.services import provisioning, schema_clone, schema_migrations
from tenants.services.datasets import load_dataset
from tenants.services.provisioning import Method, provision_unit
from tenants.services.spares import drop_spares, make_spares
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

REPEAT = 5
DATASET = "vn-2023"
PROVINCE = "40"  # Nghệ An: the province, 21 districts, 460 communes
MORE_PROVINCES = ["38", "42"]  # Thanh Hóa, Hà Tĩnh: taken in turn until the fleet reaches FLEET units
FLEET = 1000

TARGET_CLONE_S = 0.3
TARGET_RATIO = 20
TARGET_PROVINCE_S = 180
TARGET_MIGRATE_S = 15


def _quiet(*args, **kwargs):
    return call_command(*args, stdout=io.StringIO(), stderr=io.StringIO(), **kwargs)


def _as_in_a_new_process() -> None:
    """Forget what the process cached about the code's migrations: the migration graph is read again."""
    for name in ("migration_graph", "code_migrations", "unit_apps", "unit_fingerprint"):
        clear = getattr(getattr(schema_migrations, name, None), "cache_clear", None)
        if clear:
            clear()


def one_unit() -> list[tuple[str, str]]:
    ensure_template()
    codes = {m: [f"BENCH-{m.value}-{i}" for i in range(REPEAT + 1)] for m in Method}
    spare_codes = [f"BENCH-spare-{i}" for i in range(REPEAT)]
    all_codes = [c for group in codes.values() for c in group] + spare_codes
    record_units([UnitRecord(code, f"Đơn vị đo {code}", "commune") for code in all_codes])
    units = {u.code: u for u in Unit.objects.filter(code__in=all_codes)}
    drop_spares()  # (a) first measures cloning on demand

    def provision(code: str, method: Method) -> float:
        seconds, used = timed(lambda: provision_unit(units[code], method))
        if used != method:
            raise RuntimeError(f"{code}: asked for {method.value}, provisioned by {used}")
        return seconds

    # The schema alone (clone script or migrations), timed inside the same runs: the rest of provision_unit (roles,
    # invitation, domain, status) is the same for both methods.
    schema_times: list[float] = []
    create_schema = provisioning._create_schema

    def timed_create_schema(*args, **kwargs):
        seconds, used = timed(lambda: create_schema(*args, **kwargs))
        schema_times.append(seconds)
        return used

    provisioning._create_schema = timed_create_schema
    try:
        schema_clone._cache.clear()  # the first clone in a process reads the template's structure
        first_clone = provision(codes[Method.CLONE][0], Method.CLONE)
        times: dict[Method, list[float]] = {m: [] for m in Method}
        schema_only: dict[Method, list[float]] = {m: [] for m in Method}
        for i in range(1, REPEAT + 1):
            for method in (Method.MIGRATE, Method.CLONE):
                times[method].append(provision(codes[method][i], method))
                schema_only[method].append(schema_times[-1])
        # A unit from the admin or the API takes a spare schema made ahead of time (untimed, as the worker does it
        # after each provisioning), then cloning is only a rename.
        from_spare = []
        for code in spare_codes:
            make_spares(1)
            from_spare.append(provision(code, Method.CLONE))
    finally:
        provisioning._create_schema = create_schema
    spare = statistics.median(from_spare)
    clone = statistics.median(times[Method.CLONE])
    migrate = statistics.median(times[Method.MIGRATE])
    ratio = migrate / clone
    clone_schema = statistics.median(schema_only[Method.CLONE])
    migrate_schema = statistics.median(schema_only[Method.MIGRATE])
    spare_ratio = migrate / spare
    return [
        (f"(a) one unit from a spare schema (clone made ahead), median of {REPEAT} (s)",
         f"{spare:.3f} {verdict(spare < TARGET_CLONE_S, f'< {TARGET_CLONE_S}')}"),
        ("(a) from a spare, faster than migrations by",
         f"{spare_ratio:.0f}x {verdict(spare_ratio >= TARGET_RATIO, f'>= {TARGET_RATIO}x')}"),
        (f"(a) one unit cloned on demand, median of {REPEAT} (s)",
         f"{clone:.3f} {verdict(clone < TARGET_CLONE_S, f'< {TARGET_CLONE_S}')}"),
        (f"(a) one unit by migrations, median of {REPEAT} (s)", f"{migrate:.3f}"),
        ("(a) cloned on demand, faster than migrations by", f"{ratio:.0f}x"),
        ("(a) of which the schema alone: clone script / migrations, medians (s)",
         f"{clone_schema:.3f} / {migrate_schema:.3f} ({migrate_schema / clone_schema:.0f}x)"),
        ("(a) first clone of a process, reading the template (s)", f"{first_clone:.3f}"),
    ]


def province() -> list[tuple[str, str]]:
    codes = [r.code for r in load_dataset(DATASET, PROVINCE)]
    if Unit.objects.filter(code__in=codes).exists():
        raise RuntimeError(f"province {PROVINCE} already has units in this database: the figure would be wrong")
    seconds, _ = timed(lambda: _quiet("provision", dataset=DATASET, province=PROVINCE, verbosity=0))
    ready = Unit.objects.filter(code__in=codes, status=UnitStatus.READY).count()
    if ready != len(codes):
        raise RuntimeError(f"only {ready} of {len(codes)} units of province {PROVINCE} are ready")
    return [
        (f"(b) provision --dataset {DATASET} --province {PROVINCE}: {len(codes)} units (s)",
         f"{seconds:.1f} {verdict(seconds < TARGET_PROVINCE_S, f'< {TARGET_PROVINCE_S} s')}"),
        ("(b) units provisioned per second", f"{len(codes) / seconds:.1f}"),
    ]


def fleet() -> list[tuple[str, str]]:
    rows = []
    for code in MORE_PROVINCES:
        if Unit.objects.filter(status=UnitStatus.READY).count() >= FLEET:
            break
        n = len(load_dataset(DATASET, code))
        seconds, _ = timed(lambda code=code: _quiet("provision", dataset=DATASET, province=code, verbosity=0))
        rows.append((f"(c) fleet set-up: province {code}, {n} more units (s)", f"{seconds:.1f}"))
    live = Unit.objects.filter(status=UnitStatus.READY).count()
    if live < FLEET:
        raise RuntimeError(f"only {live} ready units; the fleet needs {FLEET}")

    _as_in_a_new_process()
    migrate_s, _ = timed(lambda: _quiet("migrate", verbosity=0))
    _as_in_a_new_process()
    out = io.StringIO()

    def check():
        try:
            call_command("migrate", check_unapplied=True, stdout=out)
        except SystemExit as exc:
            return exc.code
        return 0

    check_s, status = timed(check)
    if status != 0:
        raise RuntimeError(f"`migrate --check` reports work after `migrate`: {out.getvalue()}")
    command_s, proc = timed(lambda: subprocess.run([sys.executable, "-m", "core.cli", "migrate", "-v0"],
                                                    capture_output=True, text=True))
    if proc.returncode:
        raise RuntimeError(f"`egov migrate` failed: {proc.stderr[-2000:]}")
    rows += [
        (f"(c) migrate, nothing to apply, {live} units (s)",
         f"{migrate_s:.2f} {verdict(migrate_s < TARGET_MIGRATE_S, f'< {TARGET_MIGRATE_S} s')}"),
        (f"(c) migrate --check, {live} units (s)", f"{check_s:.2f}"),
        (f"(c) `egov migrate` as a new process, {live} units (s)", f"{command_s:.2f}"),
    ]
    return rows


def run() -> list[tuple[str, str]]:
    return one_unit() + province() + fleet()


if __name__ == "__main__":
    import django

    django.setup()
    for name, value in run():
        print(f"{name}: {value}")
