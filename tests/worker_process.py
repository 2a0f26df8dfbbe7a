"""A Celery worker in a process of its own, for tests that kill it, cut it off from its broker or watch it retry.

    worker = WorkerProcess(queue, broker_url, log_dir, retry_delay=0.2)   # the test side
    worker.start(); worker.wait_ready()
    worker.kill()                                                            # SIGKILL, pool children included

The process runs `python tests/worker_process.py` with the test database as its database: a prefork worker with one
child, consuming only `queue`, which is also where the tasks it queues (retries, the sweeper's) go.

In that process the receiving side of a one-stop transfer or of an official document, once it has done its work and
before the delivery transaction commits, waits for the advisory lock (HOLD_CLASS, id of the receiving unit). Nobody holds it normally;
a test that holds it (`hold_receiver`) keeps the delivery transaction open for as long as it likes.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

HOLD_CLASS = 91842  # first key of the advisory lock a held delivery waits for; the second is the receiver's id
APPLICATION_NAME = "egov-test-worker"  # on these workers' Django connections, to find what they leave behind


def _hold_transfers() -> None:
    """In the worker: the receiver of a transfer or a document waits for HOLD_CLASS/its unit id after its work,
    before commit."""
    from django.db import connection

    from modules.documents.services.delivery import DELIVER
    from modules.onestop.services.transfers import TRANSFER
    from tenants.messaging import handlers

    def held(receive):
        def receive_then_wait(message):
            result = receive(message)
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [HOLD_CLASS, connection.tenant.pk])
            return result

        return receive_then_wait

    for kind in (TRANSFER, DELIVER):  # a one-stop transfer, an official document (edXML envelope)
        handlers._handlers[kind] = held(handlers.handler_for(kind))


def main(argv: list[str]) -> None:
    queue, name, ready_file, retry_delay, retry_max_delay = argv
    import django

    django.setup()
    from celery.signals import worker_ready
    from django.conf import settings

    from core.celery_app import app

    settings.EGOV_MESSAGE_RETRY_DELAY = float(retry_delay)
    settings.EGOV_MESSAGE_RETRY_MAX_DELAY = float(retry_max_delay)
    _hold_transfers()
    # A pool process killed in the middle of a task is reported after worker_lost_wait (10 s): 1 s is plenty here.
    app.conf.update(task_default_queue=queue, worker_enable_remote_control=False, worker_lost_wait=1)
    worker_ready.connect(lambda **kwargs: Path(ready_file).write_text(str(os.getpid())), weak=False)
    app.worker_main(["worker", "--pool=prefork", "--concurrency=1", f"--queues={queue}", f"--hostname={name}@%h",
                     "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"])


# --- the test side ---

def database_url(settings_dict: dict, application_name: str = APPLICATION_NAME) -> str:
    """postgres:// URL of the database Django is connected to (the test database)."""
    user, password = quote(settings_dict["USER"] or "", safe=""), quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    # The embedded server is reached by a unix socket, given as OPTIONS["host"] (a directory): percent-encoded here.
    host = settings_dict["HOST"] or settings_dict.get("OPTIONS", {}).get("host") or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return (f"postgres://{credentials}{quote(host, safe='')}:{port}/{settings_dict['NAME']}"
            f"?application_name={application_name}")


class WorkerProcess:
    """One worker process (and its pool's children) in a session of its own, so it can be killed as a whole."""

    count = 0

    def __init__(self, queue: str, broker_url: str, log_dir: Path, *, retry_delay: float = 1,
                 retry_max_delay: float = 600):
        from django.conf import settings
        from django.db import connection

        WorkerProcess.count += 1
        self.name = f"faults{WorkerProcess.count}"
        self.queue, self.broker_url = queue, broker_url
        self.ready_file, self.log_file = log_dir / f"{self.name}.ready", log_dir / f"{self.name}.log"
        self.retry = (retry_delay, retry_max_delay)
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
                    "DATABASE_URL": database_url(connection.settings_dict), "CELERY_BROKER_URL": broker_url,
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")]))}
        self.cwd = settings.BASE_DIR
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        self.ready_file.unlink(missing_ok=True)
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, __file__, self.queue, self.name, str(self.ready_file), *map(str, self.retry)],
                env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 60) -> "WorkerProcess":
        deadline = time.monotonic() + timeout
        while not self.ready_file.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"worker {self.name} not ready after {timeout}s:\n{self.log_tail()}")
            time.sleep(0.05)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the worker and its pool's children: nothing runs its clean-up (nor takes its time: a warm
        shutdown of a prefork worker takes seconds)."""
        if self.process is not None:
            self._signal_group(signal.SIGKILL)
            self.process.wait(timeout=30)

    def kill_pool(self) -> list[int]:
        """SIGKILL to the pool's processes only (as the OOM killer would): the worker itself sees them die."""
        pids = self.pool_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def pool_pids(self) -> list[int]:
        """The worker's children: its pool's processes."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if ppid == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


def terminate_worker_backends(cursor) -> None:
    """End what the workers' connections still run (a killed worker's backend may wait on a lock for ever)."""
    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = current_database() AND application_name = %s", [APPLICATION_NAME])


@contextmanager
def hold_receiver(settings_dict: dict, unit):
    """Hold the advisory lock a held delivery to `unit` waits for, on a connection of its own."""
    import psycopg2

    conn = psycopg2.connect(database_url(settings_dict, "egov-test-holder"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s, %s)", [HOLD_CLASS, unit.pk])
        yield
    finally:
        conn.close()  # releases the lock


def held_deliveries(cursor, unit) -> list[int]:
    """Backends waiting for `unit`'s hold lock: deliveries to it whose transaction is open."""
    cursor.execute("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2 "
                   "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                   "AND classid = %s::oid AND objid = %s::oid", [HOLD_CLASS, unit.pk])
    return [row[0] for row in cursor.fetchall()]


if __name__ == "__main__":
    main(sys.argv[1:])
