"""One-stop figures (issue "One-stop core"), from one run:

(a) intake throughput: PROCESSES processes receive dossiers into one unit for SECONDS seconds; then the codes of the
    day are checked gap-free (numbers 1..N, each once);
(b) transfer delivery: TRANSFERS dossiers sent from a commune to a district with a real Celery worker running (the
    configured broker); time from the sender's commit to the outbox row marked delivered, p50 and p95.
"""

import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import time

from django.db import connections
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.transfers import transfer
from modules.procedures.services.process import adopt_procedure
from tenants.messaging.models import OutboxMessage
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROC = "1.001612"
PROCESSES = 4
SECONDS = 5.0
TRANSFERS = 41  # the first one warms the worker up and is not timed
SPACING = 0.2  # seconds between transfers: 5 a second, far above a province's daily rate, measuring latency
TARGET_INTAKE = 200
TARGET_P95_S = 1.0


def _units() -> tuple[Unit, Unit]:
    ensure_template()
    record_units([UnitRecord("B-DIST", "Huyện đo", "district"), UnitRecord("B-COMM", "Xã đo", "commune", "B-DIST")])
    for unit in Unit.objects.filter(code__in=["B-DIST", "B-COMM"]):
        provision_unit(unit)
    import_sample()
    commune, district = Unit.objects.get(code="B-COMM"), Unit.objects.get(code="B-DIST")
    for unit in (commune, district):
        for module in ("catalogue", "procedures", "onestop"):
            enable(unit, module)
    adopt_procedure(commune, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2}])
    adopt_procedure(district, PROC, [{"name": "Phê duyệt", "role": "leader", "days": 1}])
    return commune, district


def _intake_worker(unit_pk: int, seconds: float, queue) -> None:
    unit = Unit.objects.get(pk=unit_pk)
    count, deadline = 0, time.perf_counter() + seconds
    with tenant_context(unit):
        while time.perf_counter() < deadline:
            receive(Application(PROC, "online", "Công dân đo tải", applicant_phone="0900000000"))
            count += 1
    connections.close_all()
    queue.put(count)


def intake(commune: Unit) -> list[tuple[str, str]]:
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_intake_worker, args=(commune.pk, SECONDS, queue)) for _ in range(PROCESSES)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    total = sum(queue.get() for _ in workers)
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    with tenant_context(commune):
        numbers = sorted(int(code.rsplit("-", 1)[1]) for code in Dossier.objects.values_list("code", flat=True))
    gap_free = numbers == list(range(1, len(numbers) + 1)) and len(numbers) == total
    rate = total / elapsed
    return [
        (f"intake, {PROCESSES} processes for {SECONDS:.0f} s (dossiers)", str(total)),
        ("intake throughput (dossiers/s)",
         f"{rate:.0f} (target >= {TARGET_INTAKE}: {'met' if rate >= TARGET_INTAKE else 'MISSED'})"),
        ("codes gap-free and unique under concurrency", "yes" if gap_free else "NO"),
    ]


def _worker() -> subprocess.Popen:
    cmd = [sys.executable, "-m", "celery", "-A", "core.celery_app", "worker", "--pool", "threads", "--concurrency", "4",
           "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(cmd, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def transfers(commune: Unit, district: Unit) -> list[tuple[str, str]]:
    clerk = User.objects.create_user("bench-clerk")
    grant_membership(clerk, commune, ["receiving_officer", "specialist"])
    worker = _worker()
    try:
        with tenant_context(commune):
            codes = [receive(Application(PROC, "counter", "Công dân liên thông"), actor=clerk).code
                     for _ in range(TRANSFERS)]
            for code in codes:
                perform(code, "start", actor=clerk)
        warm_up, codes = codes[0], codes[1:]
        with tenant_context(commune):  # the first delivery waits for the worker to start: not timed
            transfer(warm_up, actor=clerk, to_unit_code=district.code)
            give_up = time.perf_counter() + 60
            while not OutboxMessage.objects.filter(status="delivered").exists() and time.perf_counter() < give_up:
                time.sleep(0.1)
        with tenant_context(commune):
            for code in codes:
                transfer(code, actor=clerk, to_unit_code=district.code)
                time.sleep(SPACING)
        # Latency of each message: from its outbox row (written in the sender's transaction, just before the commit)
        # to the worker marking it delivered, both stamped by this machine's clock.
        give_up = time.perf_counter() + 60
        with tenant_context(commune):
            sent = OutboxMessage.objects.filter(payload__code__in=codes)
            while sent.filter(status="delivered").count() < len(codes) and time.perf_counter() < give_up:
                time.sleep(0.1)
            latencies = {code: (delivered - created).total_seconds()
                         for code, created, delivered in sent.filter(status="delivered")
                         .values_list("payload__code", "created_at", "delivered_at")}
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    values = sorted(latencies.values())
    p95 = values[int(0.95 * (len(values) - 1))] if values else float("inf")
    return [
        (f"transfers delivered by the worker (sent {1 / SPACING:.0f}/s)", f"{len(values)}/{len(codes)}"),
        ("transfer delivery p50 (s, outbox row to delivered)", f"{statistics.median(values):.3f}" if values else "-"),
        ("transfer delivery p95 (s)", f"{p95:.3f} (target < {TARGET_P95_S}: {'met' if p95 < TARGET_P95_S else 'MISSED'})"),
    ]


def run() -> list[tuple[str, str]]:
    commune, district = _units()
    return intake(commune) + transfers(commune, district)
