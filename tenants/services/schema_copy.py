"""Reading a schema's rows for a copy on another database server: one binary COPY per table, with the row counts
the receiving side checks (tenants.services.unit_restore._fill_schema). Used to move a unit
(tenants.services.unit_move) and to give a server the platform's template (tenants.services.placement)."""

import io

from django.db import connection

from tenants.services.unit_backup import copy_sql, schema_tables

LOCK_TIMEOUT = "30s"  # writers still running after this: the copy is refused, nothing changed


def read_schema(schema: str, lock: bool = False) -> tuple[dict, dict[str, bytes]]:
    """({"tables": {table: {"columns", "rows"}}}, {"schema/<table>.copy": bytes}) of the schema on the current
    connection. `lock`: every table locked against writes (SHARE mode) until the caller's transaction ends."""
    q = connection.ops.quote_name
    tables = schema_tables(schema)
    manifest: dict = {"tables": {}}
    members: dict[str, bytes] = {}
    with connection.cursor() as cur:
        if lock and tables:
            cur.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cur.execute("LOCK TABLE " + ", ".join(f"{q(schema)}.{q(t)}" for t in tables) + " IN SHARE MODE")
        for table, columns in tables.items():
            buffer = io.BytesIO()
            cur.cursor.copy_expert(copy_sql(schema, table, columns, "TO STDOUT"), buffer)
            cur.execute(f"SELECT count(*) FROM {q(schema)}.{q(table)}")
            manifest["tables"][table] = {"columns": columns, "rows": cur.fetchone()[0]}
            members[f"schema/{table}.copy"] = buffer.getvalue()
    return manifest, members


def public_functions() -> list[str]:
    """CREATE OR REPLACE statements of the platform's own functions in public (the units' triggers call them, e.g.
    the audit log's refusal of changes), extensions' functions left out."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname = 'public' AND p.prokind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                    "WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY p.proname")
        return [row[0] for row in cur.fetchall()]
