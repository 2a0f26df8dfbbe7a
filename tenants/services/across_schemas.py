"""One query over many units' schemas: the same SELECT per schema, joined by UNION ALL, a batch of schemas a statement.

    rows = across_schemas(schemas, "SELECT '{schema}', count(*) FROM \"{schema}\".messaging_outboxmessage",
                          table="messaging_outboxmessage")

PostgreSQL's planning time of a UNION grows faster than its number of branches (1,000 branches in one statement take
seconds, 20 statements of 50 about a tenth of a second), hence the batches. Schema names go into the SQL text, so
only names read back from the catalogue are used (`table`), or names checked by the caller.
"""

from collections.abc import Iterable

from django.db import connection

SCHEMAS_PER_STATEMENT = 50


def schemas_with_table(schemas: Iterable[str], table: str) -> list[str]:
    """Those of `schemas` that exist and hold `table`, sorted; the names as the catalogue spells them."""
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s) "
                    "AND to_regclass(quote_ident(nspname) || '.' || quote_ident(%s)) IS NOT NULL",
                    [list(schemas), table])
        return sorted(row[0] for row in cur.fetchall())


def union_all(selects: list[str], params: dict | None = None, per_statement: int = SCHEMAS_PER_STATEMENT) -> list[tuple]:
    """The rows of every SELECT of `selects`, run `per_statement` at a time as one UNION ALL statement each."""
    rows: list[tuple] = []
    with connection.cursor() as cur:
        for start in range(0, len(selects), per_statement):
            cur.execute(" UNION ALL ".join(f"({s})" for s in selects[start:start + per_statement]), params or {})
            rows += cur.fetchall()
    return rows


def across_schemas(schemas: Iterable[str], select: str, params: dict | None = None, *, table: str | None = None,
                   per_statement: int = SCHEMAS_PER_STATEMENT) -> list[tuple]:
    """The rows of `select` (SQL with `{schema}` where the schema's name goes) run in each schema. With `table`, only
    the schemas that hold it (a unit being provisioned, an old one without the module's tables, is left out)."""
    names = schemas_with_table(schemas, table) if table else list(schemas)
    return union_all([select.format(schema=s) for s in names], params, per_statement)


def across_servers(units: Iterable[tuple[str, str]], select: str, params: dict | None = None, *,
                   table: str | None = None) -> list[tuple]:
    """`across_schemas` for units on several database servers: `units` are (schema, server alias) pairs, each
    server's schemas read on its own connection (Unit.database, docs/ict/scale-out.md)."""
    from tenants.services.unit_context import on_server

    per_server: dict[str, list[str]] = {}
    for schema, alias in units:
        per_server.setdefault(alias, []).append(schema)
    rows: list[tuple] = []
    for alias, schemas in sorted(per_server.items()):
        with on_server(alias):
            rows += across_schemas(schemas, select, params, table=table)
    return rows

