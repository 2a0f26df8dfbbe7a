"""The fast path: a new unit schema as a copy of the template schema.

The template's structure is read once from the PostgreSQL catalogue and turned into one DDL script (tables, identity
columns, defaults, constraints, indexes, the rows migrations put there). Creating a unit then costs one round trip.
The script is cached per process and keyed by the template's migration fingerprint, so a migrated template is re-read.
Objects the script does not reproduce (views, functions, triggers calling a function of the template's own, types,
free sequences, policies) make the template "not clonable" and provisioning falls back to running migrations.
Triggers calling a shared function (in public) are copied.

A unit gets part of it: the kernel's tables at provisioning (`clone_schema`), a module's when the module is first
enabled there (`clone_apps`, tenants.services.unit_tables). Each statement of the script is tagged with the table it
makes, so a part is the statements of its tables; the migration records follow the tables taken.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from tenants.naming import validate_schema_name

_PLACEHOLDER = "__egov_new_schema__"
_MIGRATIONS = "django_migrations"
_cache: dict[tuple[str, str, str], list[tuple[str, str]]] = {}  # the template's statements, tagged by table
_scripts: dict[tuple, str] = {}  # the scripts made of them (a new unit's, a module's tables), for that template


class CloneUnsupported(Exception):
    """The template holds objects the fast path cannot reproduce."""


@dataclass
class _Table:
    oid: int
    name: str
    columns: list[str]  # then its constraints
    needs: list[tuple[str, str, str]] = field(default_factory=list)  # foreign keys to other tables of the template


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_UNSUPPORTED_SQL = """
SELECT 'view ' || relname FROM pg_class WHERE relnamespace = %(ns)s::regnamespace AND relkind IN ('v', 'm', 'f')
UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = %(ns)s::regnamespace
UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = %(ns)s::regnamespace AND typrelid = 0
    AND typtype IN ('e', 'c', 'd', 'r', 'm')
UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_proc f ON f.oid = t.tgfoid
    WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal AND f.pronamespace = %(ns)s::regnamespace
UNION ALL SELECT 'policy ' || p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
    WHERE c.relnamespace = %(ns)s::regnamespace
UNION ALL SELECT 'sequence ' || s.relname FROM pg_class s WHERE s.relnamespace = %(ns)s::regnamespace
    AND s.relkind = 'S' AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'i')
"""

_COLUMNS_SQL = """
SELECT c.oid, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'p')
ORDER BY c.relname, a.attnum
"""

# With each constraint, the template's table a foreign key points to (NULL otherwise or when it is outside the
# template), and whether that key stands on a constraint's index (else on a plain unique index, made later).
_CONSTRAINTS_SQL = """
SELECT c.relname, con.conname, pg_get_constraintdef(con.oid), con.contype, con.convalidated,
       CASE WHEN r.relnamespace = %(ns)s::regnamespace THEN r.relname END,
       con.contype <> 'f' OR EXISTS (
           SELECT 1 FROM pg_constraint k WHERE k.conindid = con.conindid AND k.contype IN ('p', 'u'))
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class r ON r.oid = con.confrelid
WHERE c.relnamespace = %(ns)s::regnamespace AND con.contype IN ('p', 'u', 'x', 'c', 'f')
ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 1 WHEN 'c' THEN 2 ELSE 3 END,
         c.relname, con.conname
"""

# Triggers calling a shared function (outside the template, e.g. the audit log's append-only guard) are copied.
_TRIGGERS_SQL = """
SELECT c.relname, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
ORDER BY c.relname, t.tgname
"""

_INDEXES_SQL = """
SELECT t.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE ic.relnamespace = %(ns)s::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname
"""


def _read_template(template: str) -> list[tuple[str, str]]:
    """Build the DDL script that recreates `template`'s tables in the placeholder schema: (table, statement) in
    order. The migration records are left to `_records`."""
    qualifier = re.compile(r"(?<![\w\"])" + re.escape(template) + r"\.")

    def requalify(text: str) -> str:
        return qualifier.sub(_q(_PLACEHOLDER) + ".", text)

    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('search_path')")
        search_path = cur.fetchone()[0]
        # With only pg_catalog on the path, the catalogue functions qualify every name, so they can be re-pointed.
        cur.execute("SELECT set_config('search_path', 'pg_catalog', false)")
        try:
            args = {"ns": template}
            cur.execute(_UNSUPPORTED_SQL, args)
            unsupported = [row[0] for row in cur.fetchall()]
            if unsupported:
                raise CloneUnsupported(", ".join(unsupported))
            cur.execute(_COLUMNS_SQL, args)
            tables: dict[str, _Table] = {}
            identity: dict[str, str] = {}
            for oid, table, col, typ, notnull, default, ident, generated, collation in cur.fetchall():
                parts = [_q(col), typ]
                if collation:
                    parts.append(f"COLLATE {_q(collation)}")
                if generated == "s":
                    parts.append(f"GENERATED ALWAYS AS ({requalify(default)}) STORED")
                elif default is not None:
                    parts.append(f"DEFAULT {requalify(default)}")
                if ident:
                    parts.append("GENERATED ALWAYS AS IDENTITY" if ident == "a" else "GENERATED BY DEFAULT AS IDENTITY")
                    identity[table] = col
                if notnull:
                    parts.append("NOT NULL")
                tables.setdefault(table, _Table(oid, table, [])).columns.append(" ".join(parts))
            cur.execute(_CONSTRAINTS_SQL, args)
            constraints = cur.fetchall()
            cur.execute(_INDEXES_SQL, args)
            indexes = cur.fetchall()
            cur.execute(_TRIGGERS_SQL, args)
            triggers = cur.fetchall()
            with_rows: list[str] = []
            if tables:
                probe = " UNION ALL ".join(
                    f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {_q(template)}.{_q(t)})" for i, t in enumerate(tables)
                    if t != _MIGRATIONS
                )
                cur.execute(probe)
                names = list(tables)
                with_rows = [names[row[0]] for row in cur.fetchall()]
        finally:
            cur.execute("SELECT set_config('search_path', %s, false)", [search_path])

    new = _q(_PLACEHOLDER)
    later = _inline_constraints(tables, constraints, requalify)
    order = _in_dependency_order(tables)
    script = [(t.name, f"CREATE TABLE {new}.{_q(t.name)} ({', '.join(t.columns)});") for t in order]
    for table in sorted(with_rows, key=[t.name for t in order].index):  # rows after the rows they refer to
        overriding = " OVERRIDING SYSTEM VALUE" if table in identity else ""
        script.append((table, f"INSERT INTO {new}.{_q(table)}{overriding} SELECT * FROM {_q(template)}.{_q(table)};"))
        if table in identity:
            col = identity[table]
            script.append((table,
                f"SELECT setval(pg_get_serial_sequence('{new}.{_q(table)}', '{col}'), "
                f"(SELECT max({_q(col)}) FROM {new}.{_q(table)}));"
            ))
    script += [(t, requalify(d) + ";") for t, d in indexes]
    script += [(t, f"ALTER TABLE {new}.{_q(t)} ADD CONSTRAINT {_q(name)} {requalify(d)};") for t, name, d in later]
    script += [(t, requalify(d) + ";") for t, d in triggers]
    return script


def _inline_constraints(tables: dict[str, "_Table"], constraints: list, requalify) -> list[tuple[str, str, str]]:
    """Put each constraint inside its table's CREATE TABLE, the tables then made in the order of their foreign keys:
    one statement per table instead of one more per constraint (each ALTER TABLE rebuilds the table's relcache
    entry; 181 statements in a unit of 60 tables). Returns those left to ALTER TABLE at the end: foreign keys in a
    cycle of tables or on a plain unique index, constraints not validated in the template."""
    later = []
    for table, name, definition, kind, validated, target, on_constraint in constraints:
        if not validated or not on_constraint:
            later.append((table, name, definition))
            continue
        tables[table].columns.append(f"CONSTRAINT {_q(name)} {requalify(definition)}")
        if kind == "f" and target and target != table:
            tables[table].needs.append((target, name, definition))
    done: set[str] = set()
    for table in _in_dependency_order(tables):  # a key to a table not made yet is in a cycle: after the tables
        for target, name, definition in table.needs:
            if target not in done:
                table.columns.remove(f"CONSTRAINT {_q(name)} {requalify(definition)}")
                later.append((table.name, name, definition))
        done.add(table.name)
    return later


def _in_dependency_order(tables: dict[str, "_Table"]) -> list["_Table"]:
    """Tables after those their foreign keys point to, as far as cycles allow (else in name order)."""
    ordered: dict[str, _Table] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return
        for target, _, _ in tables[name].needs:
            visit(target, path + (name,))
        ordered[name] = tables[name]

    for name in tables:
        visit(name, ())
    return list(ordered.values())


def _statements(template: str, template_fingerprint: str) -> list[tuple[str, str]]:
    key = (connection.alias, template, template_fingerprint)  # each database server has its own template
    if key not in _cache:
        _cache.clear()
        _scripts.clear()
        _cache[key] = _read_template(template)
    return _cache[key]


_LABEL = re.compile(r"^[a-z_][a-z0-9_]*$")


def _records(template: str, apps: frozenset[str], leave_out: bool) -> str:
    """The template's migration records of `apps` (leave_out: of every app but those), oldest first; ids are the
    new schema's own."""
    if not all(_LABEL.match(app) for app in apps):
        raise ValueError(f"not app labels: {sorted(apps)}")
    listed = "ARRAY[" + ", ".join(f"'{app}'" for app in sorted(apps)) + "]::text[]"
    where = f"NOT (app = ANY({listed}))" if leave_out else f"app = ANY({listed})"
    new = _q(_PLACEHOLDER)
    return (f"INSERT INTO {new}.{_MIGRATIONS} (app, name, applied) SELECT app, name, applied "
            f"FROM {_q(template)}.{_MIGRATIONS} WHERE {where} ORDER BY id;")


def _script(template: str, template_fingerprint: str, tables: frozenset[str] | None, records: str,
            create: bool) -> str:
    key = (connection.alias, template, template_fingerprint, tables, records, create)
    if key not in _scripts:
        statements = _statements(template, template_fingerprint)
        script = [f"CREATE SCHEMA {_q(_PLACEHOLDER)};"] if create else []
        script += [sql for table, sql in statements if tables is None or table in tables]
        _scripts[key] = "\n".join(script + [records])
    return _scripts[key]


def clone_script(template: str, template_fingerprint: str) -> str:
    """The whole template as the placeholder schema: every table, every migration record."""
    return _script(template, template_fingerprint, None, _records(template, frozenset(), leave_out=True), True)


def app_tables(labels) -> frozenset[str]:
    """The tables of these apps (their models and the many-to-many tables Django makes for them)."""
    from django.apps import apps

    return frozenset(m._meta.db_table for label in labels
                     for m in apps.get_app_config(label).get_models(include_auto_created=True))


def clone_schema(new_schema: str, template_fingerprint: str, holding: frozenset[str] = frozenset()) -> None:
    """Create `new_schema` from the template with the tables of the apps it holds (tenants.services.schema_migrations
    .unit_apps: the kernel's, and `holding`) and the platform's migration records. Call inside a transaction holding
    the template lock."""
    from tenants.services.schema_migrations import unit_app_labels, unit_apps

    if not new_schema.startswith("egov_spare_"):  # spare names are made by tenants.services.spares, not given
        validate_schema_name(new_schema)
    template = settings.EGOV_TEMPLATE_SCHEMA
    absent = unit_app_labels() - unit_apps(holding)
    tables = None
    if absent:
        every = frozenset(table for table, _sql in _statements(template, template_fingerprint))
        tables = every - app_tables(absent)
    script = _script(template, template_fingerprint, tables, _records(template, absent, leave_out=True), True)
    with connection.cursor() as cur:
        cur.execute(script.replace(_PLACEHOLDER, new_schema))


def clone_apps(schema: str, template_fingerprint: str, labels: frozenset[str]) -> None:
    """Add to an existing unit schema the template's tables of these apps and their migration records (a module
    enabled there for the first time). Call inside a transaction holding the template lock (shared)."""
    validate_schema_name(schema)
    template = settings.EGOV_TEMPLATE_SCHEMA
    script = _script(template, template_fingerprint, app_tables(labels), _records(template, labels, leave_out=False),
                     False)
    with connection.cursor() as cur:
        cur.execute(script.replace(_PLACEHOLDER, schema))
