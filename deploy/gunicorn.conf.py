"""gunicorn's configuration for the platform (`gunicorn -c deploy/gunicorn.conf.py core.wsgi:application`).

Workers are recycled after a number of requests: each connection's catalogue caches grow with the unit schemas it
touches (500 units addressed in turn); a new worker loads what a first request would before it accepts one. Prometheus's multiprocess directory is emptied at start and a dead
worker's files are marked (core.metrics).
"""

import os
import shutil

bind = os.environ.get("EGOV_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("EGOV_WEB_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
max_requests = int(os.environ.get("EGOV_WEB_MAX_REQUESTS", "2000"))
# Spread widely: workers serving the same rate would otherwise be recycled together, leaving none to answer.
max_requests_jitter = max_requests // 2
forwarded_allow_ips = os.environ.get("EGOV_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
accesslog = "-"
errorlog = "-"
capture_output = True


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def post_worker_init(worker):
    """Load what the first request would (URLconfs, GraphQL schemas, translations; core.warmup) before this worker
    accepts one: a worker started again after its request quota answers like the others. A failure here is logged
    and the worker serves all the same (it would have met the same failure on its first request)."""
    import time

    started = time.monotonic()
    try:
        from core.warmup import warm

        warm()
    except Exception:  # noqa: BLE001 - never keep a worker from serving
        worker.log.exception("warm-up failed")
    else:
        worker.log.info("Worker warmed up in %.1f s", time.monotonic() - started)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
