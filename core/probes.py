"""What a load balancer or an orchestrator asks: is the process alive (liveness: answers without touching anything),
and can it serve (readiness: the database, the Celery broker and the cache each answer within a short timeout).

The checks run side by side in threads, so a dead dependency costs one timeout, not one per dependency.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings

TIMEOUT_S = settings.EGOV_READINESS_TIMEOUT_MS / 1000
_pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="readiness")


def _database() -> None:
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    finally:
        connection.close()  # the thread's own connection: not left open between probes


def _broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith("sqla+"):  # the database broker: kombu connects lazily, so ask its database directly
        from sqlalchemy import create_engine, text

        engine = create_engine(url.removeprefix("sqla+"), connect_args={"connect_timeout": max(1, int(TIMEOUT_S))})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
        return
    from kombu import Connection

    with Connection(url, connect_timeout=TIMEOUT_S) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_S)


def _cache() -> None:
    from django.core.cache import cache

    cache.set("egov:readiness", "1", 10)
    if cache.get("egov:readiness") != "1":
        raise RuntimeError("the cache did not give back what was written")


def _timed(check) -> float:
    started = time.perf_counter()
    check()
    return round((time.perf_counter() - started) * 1000, 1)


CHECKS = {"database": _database, "broker": _broker, "cache": _cache}


def readiness() -> dict[str, dict]:
    """{check: {"ok": True, "ms": its time} or {"ok": False, "error": text}} for each dependency."""
    started = time.perf_counter()
    futures = {name: _pool.submit(_timed, check) for name, check in CHECKS.items()}
    result = {}
    for name, future in futures.items():
        left = max(0.0, TIMEOUT_S - (time.perf_counter() - started))
        try:
            result[name] = {"ok": True, "ms": future.result(timeout=left)}
        except FutureTimeout:
            result[name] = {"ok": False, "error": f"no answer within {TIMEOUT_S:g} s"}
        except Exception as exc:  # noqa: BLE001 - reported, the probe answers 503
            result[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return result
