"""PostgreSQL settings for a large installation, with advice.

- max_locks_per_transaction: a whole-database pg_dump locks every table in one transaction; the shared lock table
  holds max_locks_per_transaction x (max_connections + max_prepared_transactions) locks. At 3,355 units with the
  default 64 the dump fails ("out of shared memory"). Per-unit backups (`egov units backup`) do not need it.
- max_connections: gunicorn workers + Celery processes + the beat + administration, with room to spare.
- shared_buffers: about a quarter of the machine's memory (PostgreSQL's own advice); the default 128 MB is small.
- wal_level: `minimal` is the bulk-provisioning mode for the first national load only (no per-index fsync, but no
  archive, no replica, no point-in-time recovery); said so, with the way back (docs/ict/provisioning.md).
"""

import math
import os

from django.db import connection

from core.doctor.findings import Finding, Level

MIN_CONNECTIONS = 100


def _setting(cur, name: str) -> int:
    cur.execute("SELECT setting::bigint * CASE unit WHEN '8kB' THEN 8192 WHEN 'kB' THEN 1024 ELSE 1 END "
                "FROM pg_settings WHERE name = %s", [name])
    return int(cur.fetchone()[0])


def _memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def check_postgres() -> list[Finding]:
    with connection.cursor() as cur:
        locks = _setting(cur, "max_locks_per_transaction")
        conns = _setting(cur, "max_connections")
        prepared = _setting(cur, "max_prepared_transactions")
        buffers = _setting(cur, "shared_buffers")
        cur.execute("SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p', 'i', 'S', 'v', 'm')")
        relations = cur.fetchone()[0]
        cur.execute("SELECT current_setting('wal_level')")
        wal_level = cur.fetchone()[0]
    findings = [_wal_level_finding(wal_level)]
    capacity = locks * (conns + prepared)
    if relations > capacity:
        needed = math.ceil(relations * 1.2 / (conns + prepared))
        findings.append(Finding(
            Level.WARN, "postgres", f"max_locks_per_transaction = {locks}: a whole-database pg_dump needs a lock for "
            f"each of the {relations} relations, the lock table holds {capacity}.",
            f"set max_locks_per_transaction = {needed} (restart), or back up per unit (egov units backup)"))
    else:
        findings.append(Finding(Level.OK, "postgres", f"max_locks_per_transaction = {locks} ({relations} relations, "
                                f"lock table {capacity})"))
    if conns < MIN_CONNECTIONS:
        findings.append(Finding(Level.WARN, "postgres", f"max_connections = {conns}",
                                f"set max_connections >= {MIN_CONNECTIONS} (web workers + Celery + beat + admin)"))
    else:
        findings.append(Finding(Level.OK, "postgres", f"max_connections = {conns}"))
    memory = _memory_bytes()
    mb = buffers // 2**20
    if memory and buffers < memory // 8:
        findings.append(Finding(Level.WARN, "postgres", f"shared_buffers = {mb} MB of {memory // 2**20} MB memory",
                                f"set shared_buffers = {memory // 4 // 2**20}MB (a quarter of memory) when PostgreSQL "
                                "has the machine to itself"))
    else:
        findings.append(Finding(Level.OK, "postgres", f"shared_buffers = {mb} MB"))
    return findings


def _wal_level_finding(wal_level: str) -> Finding:
    if wal_level == "minimal":
        return Finding(Level.WARN, "postgres", "wal_level = minimal: bulk-provisioning mode (no WAL archive, no replica, "
                       "no point-in-time recovery)", "once the units are provisioned: set wal_level = replica, restart, "
                       "take a base backup (docs/ict/provisioning.md)")
    return Finding(Level.OK, "postgres", f"wal_level = {wal_level} (normal mode, not bulk provisioning)")
