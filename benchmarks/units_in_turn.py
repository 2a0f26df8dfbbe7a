"""GraphQL requests to many units in turn, against gunicorn as deployed: latency, errors and the server's memory.

measure() starts `gunicorn -c deploy/gunicorn.conf.py core.wsgi:application` (production settings, a free loopback
port, DATABASE_URL: the runner's benchmark database), warms each worker's code, and sends from one sequential client
the portal's public procedure query to each unit's own host (its primary domain), ROUNDS times over the list, as
nginx forwards it (X-Forwarded-Proto: https); latency is taken at the client. Each unit's schema is read by a worker's
connection: PostgreSQL caches the catalogue of every schema a connection touches, Django's side of the worker too, so
memory can grow with the units addressed; workers recycled after EGOV_WEB_MAX_REQUESTS requests (and their
connections with them) bound it. Memory is sampled at the start, after each round and at the end: the RSS of
gunicorn's workers and the private memory (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup) of the
PostgreSQL backends connected to this database - the backends share their buffers, so RSS would count those once per
backend. Reading a backend's /proc needs the database server on this machine and the right to read its processes;
otherwise its memory reads as 0.
"""

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

from tenants.models import Domain, Unit

ROOT = Path(__file__).resolve().parent.parent
# What a unit's portal page asks: its procedures (read from the unit's schema) and the portal's catalogue for it.
QUERY = "{ onestopProcedures { code name totalDays } portalProcedures { total procedures { code name } } }"
MODULES = ("portal",)  # with what it depends on: catalogue, procedures, onestop
TIMEOUT_S = 30


@dataclass
class Sample:
    when: str
    workers: int
    workers_rss_kb: int
    backends: int
    backends_private_kb: int


@dataclass
class Result:
    units: int
    rounds: int
    workers: int
    max_requests: int
    latencies_ms: list[float] = field(default_factory=list)
    round_p95_ms: list[float] = field(default_factory=list)
    errors: int = 0
    boots: int = 0  # workers started after the first ones: recycled
    first_error: str = ""
    samples: list[Sample] = field(default_factory=list)

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def enable_modules(units: list[Unit]) -> None:
    """MODULES on for each unit (the query's fields answer MODULE_NOT_ENABLED otherwise), dependencies first."""
    from core.modules.registry import get_manifest
    from core.modules.services import enable

    order: list[str] = []

    def add(module_id: str) -> None:
        for dependency in get_manifest(module_id).depends:
            add(dependency)
        if module_id not in order:
            order.append(module_id)

    for module_id in MODULES:
        add(module_id)
    for unit in units:
        for module_id in order:
            enable(unit, module_id)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kb(path: str, keys: tuple[str, ...]) -> int:
    """The sum of `keys` (kB lines) in a /proc file; 0 when the process is gone or not readable."""
    try:
        with open(path) as f:
            return sum(int(line.split()[1]) for line in f if line.split(":")[0] in keys)
    except (OSError, ValueError, IndexError):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # after the command name, which may hold spaces
                found.append(int(entry))
    return found


def _backends() -> list[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend'")
        return [pid for (pid,) in cur.fetchall()]


def _sample(when: str, master: int) -> Sample:
    workers, backends = _children(master), _backends()
    return Sample(when, len(workers), sum(_kb(f"/proc/{p}/status", ("VmRSS",)) for p in workers), len(backends),
                  sum(_kb(f"/proc/{p}/smaps_rollup", ("Private_Clean", "Private_Dirty")) for p in backends))


def _hosts(units: list[Unit]) -> list[str]:
    primary = dict(Domain.objects.filter(tenant__in=units, is_primary=True).values_list("tenant_id", "domain"))
    missing = [u.code for u in units if u.pk not in primary]
    if missing:
        raise RuntimeError(f"{len(missing)} units have no primary domain, e.g. {missing[:3]}")
    return [primary[u.pk] for u in units]


def _environment(port: int, workers: int, max_requests: int, metrics: str) -> dict[str, str]:
    base = settings.EGOV_BASE_DOMAIN
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings", "EGOV_PRODUCTION": "1", "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64), "DATABASE_URL": os.environ["DATABASE_URL"],
            "ALLOWED_HOSTS": f"{base},.{base}", "PLATFORM_HOSTS": base, "EGOV_BASE_DOMAIN": base, "EGOV_TRUSTED_PROXIES": "127.0.0.1",
            "EGOV_BIND": f"127.0.0.1:{port}", "EGOV_WEB_WORKERS": str(workers),
            "EGOV_WEB_MAX_REQUESTS": str(max_requests), "PROMETHEUS_MULTIPROC_DIR": metrics,
            "EGOV_PLUGINS": ",".join(p for p in settings.EGOV_PLUGINS if p != "paysandbox")}  # refused in production


def _wait_ready(url: str, host: str, web: subprocess.Popen, log: Path, workers: int) -> None:
    """Until the platform answers and every worker is up (a sync worker loads the code on its first boot)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-3000:]}")
        try:
            if requests.get(url, headers={"Host": host}, timeout=10).status_code == 200 and log.read_text().count(
                    "Booting worker") >= workers:
                time.sleep(2 * workers)  # the workers import the code before they accept
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within 180 s: {log.read_text()[-3000:]}")


def _warm(port: int, workers: int) -> None:
    """Each worker's code warm (URLs, the GraphQL schema) before the start: requests to the platform, `workers` at a
    time, so that busy workers leave the next ones to the others. Round 1 then measures the units' schemas only."""
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        requests.post(f"http://127.0.0.1:{port}/graphql/", json={"query": "{ __typename }"}, timeout=TIMEOUT_S,
                      headers={"Host": settings.EGOV_BASE_DOMAIN, "X-Forwarded-Proto": "https"})

    with ThreadPoolExecutor(workers) as pool:
        for _ in range(3):
            list(pool.map(one, range(workers)))


def _ask(host: str, port: int) -> tuple[float, str]:
    """(milliseconds, error or "") of one request as nginx would forward it."""
    started = time.perf_counter()
    try:
        response = requests.post(f"http://127.0.0.1:{port}/graphql/", json={"query": QUERY}, timeout=TIMEOUT_S,
                                 headers={"Host": host, "X-Forwarded-Proto": "https"}, allow_redirects=False)
    except requests.RequestException as exc:
        return (time.perf_counter() - started) * 1000, f"{host}: {exc}"
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        return ms, f"{host}: HTTP {response.status_code} {response.text[:300]}"
    body = response.json()
    if body.get("errors") or not body.get("data") or body["data"].get("onestopProcedures") is None:
        return ms, f"{host}: {str(body)[:300]}"
    return ms, ""


def measure(units: list[Unit], rounds: int, workers: int, max_requests: int | None = None) -> Result:
    """Latency, errors and memory of ROUNDS rounds of one request per unit, in the list's order, one at a time.
    `max_requests`: the workers' recycling (EGOV_WEB_MAX_REQUESTS; unset: the environment's or the deploy's 2000)."""
    hosts = _hosts(units)
    max_requests = max_requests or int(os.environ.get("EGOV_WEB_MAX_REQUESTS") or 2000)
    result = Result(len(units), rounds, workers, max_requests)
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "web.log"
        with open(log, "w") as out:
            web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c",
                                    str(ROOT / "deploy" / "gunicorn.conf.py"), "core.wsgi:application"], cwd=ROOT,
                                   env=_environment(port, workers, max_requests, str(Path(folder) / "metrics")),
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_ready(f"http://127.0.0.1:{port}/health/live/", settings.EGOV_BASE_DOMAIN, web, log, workers)
            _warm(port, workers)
            result.samples.append(_sample("start", web.pid))
            for r in range(1, rounds + 1):
                this_round = []
                for host in hosts:
                    ms, error = _ask(host, port)
                    this_round.append(ms)
                    if error:
                        result.errors += 1
                        result.first_error = result.first_error or error
                result.latencies_ms += this_round
                result.round_p95_ms.append(statistics.quantiles(this_round, n=100, method="inclusive")[94])
                result.samples.append(_sample(f"round {r}", web.pid))
            time.sleep(1)  # a worker recycled at the last request has started again
            result.samples.append(_sample("end", web.pid))
            result.boots = log.read_text().count("Booting worker") - workers
        finally:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(timeout=60)
    return result


def rows(result: Result, label: str, target_ms: float) -> list[tuple[str, str]]:
    """The figures of a measure() for a benchmark's table."""
    from benchmarks.timing import verdict

    p50, p95 = result.percentile(50), result.percentile(95)
    head = (f"{label}GraphQL over {result.units} units in turn, {result.rounds} round(s), {result.workers} workers "
            f"recycled every {result.max_requests} requests")

    def mb(kb: int) -> str:
        return f"{kb / 1024:.0f}"

    return [
        (f"{head}: p50 / p95 / max (ms)",
         f"{p50:.1f} / {p95:.1f} / {max(result.latencies_ms):.1f} {verdict(p95 < target_ms, f'p95 < {target_ms:g} ms')}"),
        (f"{label}p95 by round (ms)", ", ".join(f"{v:.1f}" for v in result.round_p95_ms)),
        (f"{label}errors (non-200 or GraphQL errors)",
         f"{result.errors} {verdict(result.errors == 0, '0')}" + (f" e.g. {result.first_error}" if result.errors else "")),
        (f"{label}workers recycled during the run", str(result.boots)),
        (f"{label}gunicorn workers' RSS, start -> each round -> end (MB)",
         " -> ".join(mb(s.workers_rss_kb) for s in result.samples)),
        (f"{label}PostgreSQL backends' private memory, start -> each round -> end (MB; backends)",
         " -> ".join(f"{mb(s.backends_private_kb)} ({s.backends})" for s in result.samples)),
    ]
