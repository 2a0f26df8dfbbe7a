"""One query over many units' schemas: the same SELECT per schema, joined by UNION ALL, a batch of schemas a statement.

    rows = across_schemas(schemas, "SELECT '{schema}', count(*) FROM \"{schema}\".messaging_outboxmessage",
                          table="messaging_outboxmessage")

PostgreSQL's planning time of a UNION grows faster than its number of branches (1,000 branches in one statement take
seconds, 20 statements of 50 about a tenth of a second), hence the batches. Schema names go into the SQL text, so
only names read back from the catalogue are used (`table`), or names checked by the caller.

`across_schemas` reads the schemas on the current connection; units on several database servers are read through
`across_servers` (or `on_each_server` for another read), which groups them by the registry, one server at a time.
"""

from collections.abc import Callable, Iterable

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


def placed(schemas: Iterable[str]) -> dict[str, list[str]]:
    """{server alias: its schemas} of `schemas` by the registry (Unit.database, docs/ict/scale-out.md), the platform's
    server first; a schema that is no unit's (the template) is the platform's. Order kept within a server."""
    from tenants.database_servers import DEFAULT, unit_servers

    names = list(schemas)
    if len(unit_servers()) == 1:  # one server: no registry read
        return {DEFAULT: names} if names else {}
    from tenants.models import Unit

    where = dict(Unit.objects.filter(schema_name__in=names).values_list("schema_name", "database"))
    found: dict[str, list[str]] = {alias: [] for alias in unit_servers()}
    for name in names:
        found.setdefault(where.get(name) or DEFAULT, []).append(name)
    return {alias: placed_there for alias, placed_there in found.items() if placed_there}


def on_each_server(schemas: Iterable[str], read: Callable[[list[str]], Iterable]) -> list:
    """`read(names)` run once per database server, on that server's connection, with the names of `schemas` placed
    there; every server's results in one list. The one way to read (or change) many units wherever they are."""
    from tenants.services.unit_context import on_server

    rows: list = []
    for alias, names in placed(schemas).items():
        with on_server(alias):
            rows += read(names)
    return rows


def across_servers(schemas: Iterable[str], select: str, params: dict | None = None, *,
                   table: str | None = None) -> list[tuple]:
    """`across_schemas` for units wherever they are: each server's schemas read on its own connection."""
    return on_each_server(schemas, lambda names: across_schemas(names, select, params, table=table))
