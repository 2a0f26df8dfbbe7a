"""`egov units backup CODE`: one unit into one file, whatever the number of other units.

The file is a gzipped tar holding manifest.json (the unit, the migration fingerprint of its schema and the unit apps
whose tables it holds, each member's
row count and SHA-256), shared.json (its rows in the platform's tables: tenants.services.backup_rows) and one COPY
of each table of the unit's schema (schema/<table>.copy). Everything is read in one REPEATABLE READ transaction, so
the file is one consistent moment of the unit; only the unit's own tables are touched (pg_dump -n reads the catalogue
of every schema and slows down with the number of units).
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from tenants.models import Unit
from tenants.services import backup_rows
from tenants.services.schema_migrations import schema_states
from tenants.services.unit_context import on_server

FORMAT = 1


def schema_tables(schema: str) -> dict[str, list[str]]:
    """{table: [columns in order]} of the ordinary tables of a schema."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attgenerated = '' "
            "ORDER BY c.relname, a.attnum", [schema])
        tables: dict[str, list[str]] = {}
        for table, column in cur.fetchall():
            tables.setdefault(table, []).append(column)
    return tables


def copy_sql(schema: str, table: str, columns: list[str], direction: str) -> str:
    q = connection.ops.quote_name
    return f"COPY {q(schema)}.{q(table)} ({', '.join(q(c) for c in columns)}) {direction} WITH (FORMAT binary)"


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), 0
    tar.addfile(info, io.BytesIO(data))
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _read(unit: Unit, path: Path) -> dict:
    schema = unit.schema_name
    fingerprint, holding = schema_states([schema])[schema] or (None, frozenset())
    manifest = {
        "format": FORMAT, "code": unit.code, "name": unit.name, "kind": unit.kind.code,
        "parent": unit.parent.code if unit.parent_id else None, "schema": schema,
        "fingerprint": fingerprint, "apps": sorted(holding), "taken_at": timezone.now().isoformat(),
        "tables": {}, "files": {},
    }
    with tarfile.open(path, "w:gz") as tar:
        shared = backup_rows.dump(unit).encode()
        manifest["files"]["shared.json"] = _add(tar, "shared.json", shared)
        manifest["shared_models"] = backup_rows.models_in(shared.decode())
        with connection.cursor() as cur:
            for table, columns in schema_tables(schema).items():
                buffer = io.BytesIO()
                cur.cursor.copy_expert(copy_sql(schema, table, columns, "TO STDOUT"), buffer)
                cur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(schema)}.{connection.ops.quote_name(table)}")
                manifest["tables"][table] = {"columns": columns, "rows": cur.fetchone()[0]}
                manifest["files"][f"schema/{table}.copy"] = _add(tar, f"schema/{table}.copy", buffer.getvalue())
        _add(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def backup_unit(unit: Unit, path: str | Path) -> dict:
    """Write the unit's backup to `path`; returns its manifest."""
    path = Path(path)
    with on_server(unit.database):  # the schema on the unit's server; its shared rows from the platform's
        if transaction.get_connection().in_atomic_block:  # a caller's transaction (tests): already one snapshot
            return _read(unit, path)
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _read(unit, path)
