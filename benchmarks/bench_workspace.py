"""Staff workspace figures (issue "The web front for people"), from one run on a unit holding DOSSIERS dossiers:

(a) the work queue pages (/m/onestop/?hang=...) and a dossier page served through Django's full stack (middleware,
    session, templates), REQUESTS times each: p50 and p95 in ms (target p95 < 150 ms);
(b) the SQL queries of a queue page with 100 dossiers in the unit and with DOSSIERS: the same number (constant), and
    the database's own time for each queue page's queries (EXPLAIN ANALYZE, median of SQL_RUNS): the part of the page
    that grows with the unit, and the figure the machine's load moves least;
(c) the field entries the counter's receive form takes for the sample procedure (target <= 8);
(d) the documents screens on a unit with 10,000 documents (benchmarks/workspace_documents.py).
"""

import json
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier, DossierStep, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.workspace import counter_choices
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROC = "1.001612"
DOSSIERS = 10_000
REQUESTS = 40
SQL_RUNS = 20
TARGET_P95_MS = 150
TARGET_ENTRIES = 8
QUEUES = ("waiting_for_me", "mine", "due_today", "overdue", "open")


def _unit() -> tuple[Unit, User]:
    ensure_template()
    record_units([UnitRecord("B-WORK", "Xã đo khu làm việc", "commune")])
    unit = Unit.objects.get(code="B-WORK")
    provision_unit(unit)
    import_sample()
    for module in ("catalogue", "procedures", "onestop", "printing"):
        enable(unit, module)
    adopt_procedure(unit, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2},
                                 {"name": "Ký duyệt", "role": "leader", "days": 1}])
    clerk = User.objects.create_user("bench-workspace", first_name="Đo", last_name="Cán bộ")
    grant_membership(clerk, unit, ["receiving_officer", "specialist", "leader", "result_officer"])
    return unit, clerk


def _fill(unit: Unit, clerk: User, count: int) -> None:
    """`count` more dossiers, copies of a received one and of one in process (their steps too), spread over the
    days around now so that every queue has rows: bulk inserts, as intake at 200 a second would take minutes."""
    with tenant_context(unit):
        received = receive(Application(PROC, "counter", "Công dân đo", applicant_phone="0900000000"), actor=clerk)
        started = receive(Application(PROC, "counter", "Công dân đo", applicant_phone="0900000000"), actor=clerk)
        perform(started.code, "start", actor=clerk)
        models = [Dossier.objects.get(pk=received.pk), Dossier.objects.get(pk=started.pk)]
        steps = {m.pk: list(DossierStep.objects.filter(dossier=m)) for m in models}
        now, base = timezone.now(), Dossier.objects.count()
        rows = []
        for i in range(count):
            model = models[i % 2]
            copy = Dossier(**{f.attname: getattr(model, f.attname) for f in Dossier._meta.concrete_fields
                              if f.attname not in ("id", "code")})
            copy.code = f"B-WORK-{base + i:06d}"
            copy.due_at = now + timedelta(hours=(i % 240) - 120)  # half overdue, some due today
            copy.assignee_id = clerk.pk if i % 3 == 0 else None
            rows.append(copy)
        created = Dossier.objects.bulk_create(rows, batch_size=2000)
        DossierStep.objects.bulk_create([
            DossierStep(**{f.attname: getattr(s, f.attname) for f in DossierStep._meta.concrete_fields
                           if f.attname not in ("id", "dossier_id")}, dossier_id=d.pk)
            for d, model in zip(created, (models[i % 2] for i in range(count)), strict=True)
            for s in steps[model.pk]], batch_size=5000)
        with connection.cursor() as cursor:  # the statistics autovacuum keeps on a unit that grew over months
            cursor.execute("ANALYZE onestop_dossier, onestop_dossierstep")


def _client(unit: Unit, user: User) -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    client.force_login(user)
    return client


def _queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def _sql_ms(unit: Unit, client: Client, path: str) -> float:
    """The database's execution time (EXPLAIN ANALYZE) of the page's queries on dossiers, median of SQL_RUNS."""
    with CaptureQueriesContext(connection) as seen:
        assert client.get(path).status_code == 200
    statements = [q["sql"] for q in seen.captured_queries if "onestop_dossier" in q["sql"]]
    runs = []
    with tenant_context(unit), connection.cursor() as cursor:
        for _ in range(SQL_RUNS):
            total = 0.0
            for sql in statements:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                total += (plan if isinstance(plan, list) else json.loads(plan))[0]["Execution Time"]
            runs.append(total)
    return statistics.median(runs)


def _timed(client: Client, path: str) -> tuple[float, float]:
    client.get(path)  # warm
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def run() -> list[tuple[str, str]]:
    unit, clerk = _unit()
    client = _client(unit, clerk)
    _fill(unit, clerk, 98)
    small = {q: _queries(client, f"/m/onestop/?hang={q}") for q in QUEUES}
    _fill(unit, clerk, DOSSIERS - 100)
    with tenant_context(unit):
        total = Dossier.objects.count()
        code = Dossier.objects.filter(status=Status.IN_PROCESS).values_list("code", flat=True).first()
    large = {q: _queries(client, f"/m/onestop/?hang={q}") for q in QUEUES}
    figures = [("dossiers in the unit", f"{total:,}")]
    worst = 0.0
    for q in QUEUES:
        p50, p95 = _timed(client, f"/m/onestop/?hang={q}")
        worst = max(worst, p95)
        figures.append((f"queue page '{q}' p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    p50, p95 = _timed(client, f"/m/onestop/ho-so/{code}/")
    worst = max(worst, p95)
    figures.append(("dossier page p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    figures.append(("slowest p95 of these pages (ms)",
                    f"{worst:.1f} (target < {TARGET_P95_MS}: {'met' if worst < TARGET_P95_MS else 'MISSED'})"))
    figures.append(("database time of each queue page's queries, median (ms)",
                    ", ".join(f"{q} {_sql_ms(unit, client, f'/m/onestop/?hang={q}'):.1f}" for q in QUEUES)))
    same = small == large
    figures.append(("SQL queries per queue page, 100 vs 10,000 dossiers",
                    ", ".join(f"{q} {small[q]}/{large[q]}" for q in QUEUES) + (" (constant)" if same else
                                                                               " (NOT constant)")))
    _choices, chosen = counter_choices(unit, PROC)
    components = len(chosen.components) if chosen else 0
    entries = 1 + components + 2  # the procedure, each component ticked, name and phone (the channel defaults)
    figures.append((f"counter field entries for {PROC} ({components} components)",
                    f"{entries} (target <= {TARGET_ENTRIES}: {'met' if entries <= TARGET_ENTRIES else 'MISSED'})"))
    from benchmarks import workspace_documents  # the documents screens, on a unit of their own

    return figures + workspace_documents.run(_queries, _timed, TARGET_P95_MS)

