"""What units cost the platform's shared tables (docs/ict/benchmarks.md, "References from units"):

(a) UNITS units cloned on demand, one after the other: the first and the last BLOCK of them (median seconds each);
(b) triggers on public tables that unit rows reference (each foreign key from a unit's schema into public adds two
    to the referenced table, per unit), and the number of such foreign keys over all unit schemas;
(c) deleting one person with plain SQL (no ORM): PostgreSQL checks every foreign key into accounts_user and locks
    each referencing table until the transaction ends ("out of shared memory" at 3,355 units): seconds and locks;
(d) `egov check-references` over all units (its statements are batched by REFERENCE_BATCH units).

The units are dropped at the end, so the benchmarks after this one see the database as before.
"""

import io
import statistics
import time

from django.core.management import call_command
from django.db import connection, transaction

from core.accounts.models import User
from tenants.models import Unit
from tenants.services.provisioning import Method, provision_unit
from tenants.services.spares import drop_spares
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

UNITS = 200
BLOCK = 20
PREFIX = "BREF-"
PUBLIC_TABLES = ("auth_permission", "accounts_user", "auth_group", "django_content_type")


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _triggers() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname, count(t.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "LEFT JOIN pg_trigger t ON t.tgrelid = c.oid WHERE n.nspname = 'public' AND c.relname = ANY(%s) "
                    "GROUP BY c.relname ORDER BY c.relname", [list(PUBLIC_TABLES)])
        return dict(cur.fetchall())


def _foreign_keys_into_public(schemas: list[str]) -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
                    "JOIN pg_namespace rn ON rn.oid = r.relnamespace JOIN pg_class f ON f.oid = c.confrelid "
                    "JOIN pg_namespace fn ON fn.oid = f.relnamespace "
                    "WHERE c.contype = 'f' AND rn.nspname = ANY(%s) AND fn.nspname = 'public'", [schemas])
        return cur.fetchone()[0]


def _delete_one_person_sql() -> tuple[float, int]:
    """Seconds, and the locks the deleting transaction holds (PostgreSQL's lock table is shared by all sessions:
    max_locks_per_transaction x max_connections, 6,400 by default)."""
    user = User.objects.create_user(f"{PREFIX}person")
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's keys are checked at commit: check them now
            seconds, _ = _timed(lambda: cur.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk]))
            cur.execute("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()")
            locks = cur.fetchone()[0]
            transaction.set_rollback(True)
    finally:
        with connection.cursor() as cur:  # plain SQL here too: before units kept no constraint, the ORM failed
            cur.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])
    return seconds, locks


def _check_references() -> float:
    def check():
        try:
            call_command("check_references", stdout=io.StringIO(), stderr=io.StringIO())
        except SystemExit:
            pass

    return _timed(check)[0]


def _drop(units: list[Unit]) -> None:
    with connection.cursor() as cur:
        for unit in units:
            cur.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
    Unit.objects.filter(pk__in=[u.pk for u in units]).delete()


def run() -> list[tuple[str, str]]:
    ensure_template()
    drop_spares()  # every unit below is a clone made on demand, the same work each time
    before = _triggers()
    codes = [f"{PREFIX}{i:04d}" for i in range(UNITS)]
    record_units([UnitRecord(code, f"Đơn vị đo {code}", "commune") for code in codes])
    units = list(Unit.objects.filter(code__in=codes).order_by("code"))
    try:
        times = [_timed(lambda unit=unit: provision_unit(unit, Method.CLONE))[0] for unit in units]
        after = _triggers()
        schemas = [u.schema_name for u in Unit.objects.filter(code__in=codes)]
        deleted = _delete_one_person_sql()
        rows = [
            (f"(a) clone on demand, units 1-{BLOCK}, median (s)", f"{statistics.median(times[:BLOCK]):.3f}"),
            (f"(a) clone on demand, units {UNITS - BLOCK + 1}-{UNITS}, median (s)",
             f"{statistics.median(times[-BLOCK:]):.3f}"),
            (f"(b) triggers on {', '.join(PUBLIC_TABLES)}: before / after {UNITS} units",
             f"{sum(before.values())} / {sum(after.values())}"),
            (f"(b) foreign keys from the {UNITS} unit schemas into public", str(_foreign_keys_into_public(schemas))),
            (f"(c) DELETE of one person in SQL, {UNITS} units: seconds, locks held", f"{deleted[0]:.3f}, {deleted[1]}"),
        ]
        try:
            rows.append((f"(d) egov check-references, {UNITS} units (s)", f"{_check_references():.2f}"))
        except Exception as exc:  # noqa: BLE001 - a release without the command: the other figures stand
            rows.append(("(d) egov check-references", f"not available ({type(exc).__name__})"))
        return rows
    finally:
        _drop(units)


if __name__ == "__main__":
    import django

    django.setup()
    for name, value in run():
        print(f"{name}: {value}")
