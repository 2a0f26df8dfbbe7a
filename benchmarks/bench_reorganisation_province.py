"""Reorganisation, a province carried out end to end (`egov reorganise`'s carry_out): Nghệ An as it was in 2023 - the
province, its districts and their communes (EGOV_BENCH_REORG_DISTRICTS names a subset of districts; default: all of
them, about 480 units) - each old unit with DOSSIERS dossiers in progress (received, started, an address naming a
commune), then the shipped 2025 mapping for these units dry-run and carried out: new units provisioned, every old
unit's step (continuing units renamed, ending units' modules carrying their work, people, messages), districts split
between the new communes by address. Reported per old unit and per 1,000 dossiers.

The set-up is not part of the figure and is made fast: the units cloned with PROCESSES worker processes (`egov
provision --parallel`), the modules enabled and the procedure adopted through their services in the same processes,
ONE dossier per unit received and started through the one-stop services, and the unit's other DOSSIERS - 1 copied
from it in the unit's own schema by one INSERT ... SELECT per table (codes numbered on, the address varied). Only
`carry_out` is timed, with the database CPU of its connection (read from /proc when the server is on this machine).

EGOV_BENCH_REORG_SNAPSHOT=NAME keeps a copy of the set-up database under NAME before the carry;
EGOV_BENCH_REORG_FROM=NAME then carries a fresh copy of it instead of making the province again (before and after a
change, on the same data).
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from benchmarks.server_cpu import backend_cpu
from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit
from tenants.services.datasets import load_dataset
from tenants.services.provisioning import provision_many
from tenants.services.reorganisation import carry_out, dry_run, installed_plan
from tenants.services.reorganisation.plan import mapping_rows
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROVINCE = "40"
DISTRICTS = [c.strip() for c in os.environ.get("EGOV_BENCH_REORG_DISTRICTS", "").split(",") if c.strip()]
DOSSIERS = int(os.environ.get("EGOV_BENCH_REORG_DOSSIERS", "200"))
PROCESSES = int(os.environ.get("EGOV_BENCH_REORG_PROCESSES", "4"))
PROC = "1.001612"
MODULES = ("catalogue", "procedures", "onestop", "portal", "payments", "tracking", "statistics")
CLERK = "bench-province-clerk"
COMMUNE_KINDS = ("commune", "ward", "township")
# A copy of the set-up database kept under this name (CREATE DATABASE ... TEMPLATE) before the carry: to carry the
# same province out again, e.g. after a change, without making it again.
SNAPSHOT = os.environ.get("EGOV_BENCH_REORG_SNAPSHOT", "")
# Carry a copy of such a kept set-up instead of making one (the figure of a change, on the same province).
FROM = os.environ.get("EGOV_BENCH_REORG_FROM", "")


def _records():
    """The province, its districts and their communes that the 2025 mapping has (the 2023 list still has some
    communes merged in 2024, before the mapping's starting point: a plan leaving them under an ending district is
    refused)."""
    everything = load_dataset("vn-2023")
    districts = set(DISTRICTS) or {r.code for r in everything if r.parent_code == PROVINCE}
    mapped = {row["old_code"] for row in mapping_rows()}
    return [r for r in everything
            if r.code == PROVINCE or r.code in districts or (r.parent_code in districts and r.code in mapped)]


def _in_processes(func, pks: list[int]) -> None:
    connections.close_all()  # children open their own connections
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=multiprocessing.get_context("fork")) as pool:
        for error in pool.map(func, pks, chunksize=4):
            if error:
                raise RuntimeError(error)


def _prepare_one(pk: int) -> str | None:
    """In a worker: the modules and the procedure's process (services), one dossier received and started
    (services), then DOSSIERS - 1 copies of it in the unit's schema."""
    try:
        unit = Unit.objects.select_related("kind").get(pk=pk)
        for module in MODULES:
            enable(unit, module)
        adopt_procedure(unit, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2},
                                     {"name": "Ký duyệt", "role": "leader", "days": 1}])
        clerk = User.objects.get(username=CLERK)
        grant_membership(clerk, unit, ["receiving_officer", "specialist"])
        places = _places(unit)
        with tenant_context(unit):
            dossier = receive(Application(PROC, "counter", "Người nộp 0", applicant_phone="0912345678",
                                          data={"applicant_address": f"Thôn 0, {places[0]}"}), actor=clerk)
            perform(dossier.code, "start", actor=clerk)
            _copy_dossier(unit.schema_name, dossier.code, places)
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        import traceback

        return f"{pk}: {traceback.format_exc()}{exc}"
    finally:
        connections.close_all()
    return None


def _places(unit: Unit) -> list[str]:
    """A commune's own name; a district's its communes' names (its dossiers are routed by them); the province's:
    every commune of the subset."""
    if unit.kind.code in COMMUNE_KINDS:
        return [unit.name]
    communes = Unit.objects.filter(kind__code__in=COMMUNE_KINDS, code__in=[r.code for r in _records()])
    if unit.kind.code != "province":
        communes = communes.filter(parent=unit)
    return list(communes.order_by("code").values_list("name", flat=True)) or [unit.name]


def _columns(table: str, skip: tuple[str, ...]) -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = %s ORDER BY ordinal_position", [table])
        return [r[0] for r in cur.fetchall() if r[0] not in skip]


def _copy_dossier(schema: str, code: str, places: list[str]) -> None:
    """DOSSIERS - 1 copies of dossier `code` in `schema`, with their steps, history and components: codes numbered on
    from the seed's, the applicant's address cycling through `places`."""
    if DOSSIERS <= 1:
        return
    dossier_cols = _columns("onestop_dossier", ("id",))
    picked = [c if c not in ("code", "data", "applicant_name") else {
        "code": "regexp_replace(d.code, '[0-9]+$', '') || lpad(g::text, length(substring(d.code from '[0-9]+$')), "
                "'0')",
        "data": "jsonb_set(d.data, '{applicant_address}', to_jsonb('Thôn ' || (g %% 9) || ', ' "
                "|| (%(places)s::text[])[1 + (g - 1) %% %(n)s]))",
        "applicant_name": "'Người nộp ' || g"}[c] for c in dossier_cols]
    picked = [p if p.startswith(("regexp", "jsonb", "'")) else f"d.{p}" for p in picked]
    with connection.cursor() as cur:
        cur.execute(f'SET search_path TO "{schema}", public')
        cur.execute(f"INSERT INTO onestop_dossier ({', '.join(dossier_cols)}) SELECT {', '.join(picked)} "
                    f"FROM onestop_dossier d, generate_series(2, %(count)s) g WHERE d.code = %(code)s",
                    {"places": places, "n": len(places), "count": DOSSIERS, "code": code})
        for table in ("onestop_dossierstep", "onestop_dossierevent", "onestop_dossiercomponent"):
            cols = _columns(table, ("id", "dossier_id"))
            listed = ", ".join(cols)
            cur.execute(f"INSERT INTO {table} (dossier_id, {listed}) SELECT n.id, {', '.join('x.' + c for c in cols)} "
                        f"FROM {table} x JOIN onestop_dossier s ON s.id = x.dossier_id AND s.code = %(code)s "
                        f"CROSS JOIN onestop_dossier n WHERE n.code <> %(code)s", {"code": code})


def _old_units() -> list[Unit]:
    records = _records()
    record_units([UnitRecord(r.code, r.name, r.kind, r.parent_code) for r in records])
    ensure_template()
    units = list(Unit.objects.filter(code__in=[r.code for r in records]).select_related("kind").order_by("code"))
    report = provision_many(units, parallel=PROCESSES)
    if report.failed:
        raise RuntimeError(f"provisioning failed: {report.failed}")
    import_sample()
    User.objects.get_or_create(username=CLERK)
    _in_processes(_prepare_one, [u.pk for u in units])
    return list(Unit.objects.filter(code__in=[r.code for r in records]).select_related("kind").order_by("code"))


def _carried() -> int:
    moved = 0
    for unit in Unit.objects.filter(ended_on__isnull=True):
        with tenant_context(unit):
            moved += Dossier.objects.exclude(carried_from="").count()
    return moved


def timed(units_made: int, made: float) -> list[tuple[str, str]]:
    """The dry run and the carry on the units made (separate from the set-up: a copy of the set-up database can be
    carried again)."""
    today = timezone.localdate()
    plan = installed_plan(PROVINCE, effective_on=today, decision="Nghị quyết đo")
    load = os.getloadavg()
    started = time.perf_counter()
    report = dry_run(plan, today)
    dry = time.perf_counter() - started
    assert report.problems == [], report.problems
    cpu, process = backend_cpu(), time.process_time()
    started = time.perf_counter()
    outcome = carry_out(plan, today)
    carried = time.perf_counter() - started
    cpu, process = backend_cpu() - cpu, time.process_time() - process
    assert outcome.failed == {}, outcome.failed
    olds = len(plan.old_codes())
    dossiers = olds * DOSSIERS
    moved = _carried()
    connection.set_schema_to_public()
    scope = "districts " + ", ".join(DISTRICTS) if DISTRICTS else "the whole province"
    return [
        (f"Nghệ An 2023 ({scope})", f"{units_made} units made; {olds} old units into {len(plan.units)} "
                                     f"({len(outcome.provisioned)} provisioned), {dossiers} dossiers"),
        ("making the old units and their dossiers (not part of the figure), s", f"{made:.0f}"),
        ("load average (1, 5, 15 min) before the dry run", ", ".join(f"{x:.1f}" for x in load)),
        ("dry run, s", f"{dry:.1f}"),
        ("carried out, s", f"{carried:.1f}"),
        ("carried out: CPU of this process, s", f"{process:.1f}"),
        ("carried out: CPU of its database connection, s", f"{cpu:.1f}"),
        ("carried out, s per old unit", f"{carried / olds:.2f}"),
        ("carried out, s per 1,000 dossiers", f"{carried * 1000 / dossiers:.1f}"),
        ("dossiers moved to a successor (the rest stay: continuing units, review queue)", str(moved)),
        ("load average (1, 5, 15 min) after", ", ".join(f"{x:.1f}" for x in os.getloadavg())),
    ]


def _admin(*statements: str) -> None:
    """Statements on the server's maintenance database (this process's connections closed first)."""
    import psycopg2

    settings = connection.settings_dict
    connections.close_all()
    admin = psycopg2.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                             password=settings["PASSWORD"], dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    admin.close()


def _copy_database(source: str, target: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)', f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _from_kept(name: str) -> list[tuple[str, str]]:
    """The carry on a copy of a kept set-up; the copy is dropped after."""
    own = connection.settings_dict["NAME"]
    copy = own + "_from"
    _copy_database(name, copy)
    connection.settings_dict["NAME"] = copy
    try:
        units = Unit.objects.filter(code__in=[r.code for r in _records()]).count()
        return timed(units, 0.0)
    finally:
        connection.settings_dict["NAME"] = own
        _admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def run() -> list[tuple[str, str]]:
    if FROM:
        return _from_kept(FROM)
    started = time.perf_counter()
    units = _old_units()
    made = time.perf_counter() - started
    print(f"set-up: {len(units)} units in {made:.0f} s", flush=True)
    if SNAPSHOT:
        _copy_database(connection.settings_dict["NAME"], SNAPSHOT)
    return timed(len(units), made)
