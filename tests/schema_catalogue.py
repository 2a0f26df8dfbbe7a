"""A schema as the PostgreSQL catalogue describes it, with its own name replaced, so two schemas can be compared."""

import re

from django.db import connection

SELF = "<schema>"

_RELATIONS = """
SELECT c.relname, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity, c.relreplident, c.relacl,
       obj_description(c.oid, 'pg_class')
FROM pg_class c WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind NOT IN ('i', 'I', 'S')
"""

_COLUMNS = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
       a.attidentity, a.attgenerated, co.collname, col_description(c.oid, a.attnum), a.attacl
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'p')
ORDER BY c.relname, a.attnum
"""

_CONSTRAINTS = """
SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), con.condeferrable, con.condeferred,
       con.convalidated
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE c.relnamespace = %(ns)s::regnamespace
"""

_INDEXES = """
SELECT ic.relname, pg_get_indexdef(i.indexrelid), i.indisprimary, i.indisunique, i.indisvalid
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE ic.relnamespace = %(ns)s::regnamespace
"""

# Sequences with their options and the column that owns them (identity or serial).
_SEQUENCES = """
SELECT s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache,
       q.seqcycle, t.relname, a.attname, d.deptype
FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refobjsubid > 0
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE s.relnamespace = %(ns)s::regnamespace
"""

# Everything else a schema can hold; the clone reproduces only triggers calling a shared function (the audit log's
# guard), so both sides must hold the same names.
_OTHER_OBJECTS = """
SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = %(ns)s::regnamespace
UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = %(ns)s::regnamespace AND typrelid = 0
    AND typtype IN ('e', 'c', 'd', 'r', 'm')
UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
UNION ALL SELECT 'policy ' || p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
    WHERE c.relnamespace = %(ns)s::regnamespace
UNION ALL SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'p')
"""


def describe_schema(schema: str) -> dict:
    """Tables, columns, constraints, indexes, sequences and other objects of `schema`, plus its recorded migrations.

    Definitions are read with only pg_catalog on the search path, so every name in them is qualified; the schema's
    own name becomes "<schema>" and references to the public schema stay as they are.
    """
    own = re.compile(r"(?<![\w\"])(" + re.escape(schema) + r'|"' + re.escape(schema) + r'")\.')

    def norm(value):
        if isinstance(value, str):
            return own.sub(SELF + ".", value)
        if isinstance(value, list | tuple):
            return tuple(norm(v) for v in value)
        return value

    args = {"ns": schema}
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('search_path')")
        search_path = cur.fetchone()[0]
        cur.execute("SELECT set_config('search_path', 'pg_catalog', false)")
        try:
            description = {}
            for key, sql in [("relations", _RELATIONS), ("columns", _COLUMNS), ("constraints", _CONSTRAINTS),
                             ("indexes", _INDEXES), ("sequences", _SEQUENCES), ("other", _OTHER_OBJECTS)]:
                cur.execute(sql, args)
                rows = [norm(row) for row in cur.fetchall()]
                # Columns keep their order; everything else is a set, compared regardless of catalogue order.
                description[key] = rows if key == "columns" else sorted(rows, key=repr)
            cur.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
            description["migrations"] = cur.fetchall()
        finally:
            cur.execute("SELECT set_config('search_path', %s, false)", [search_path])
    return description


def differences(left: dict, right: dict) -> list[str]:
    """Readable lines for what differs between two descriptions (empty when they are identical)."""
    lines = []
    for key in left.keys() | right.keys():
        a, b = left.get(key, []), right.get(key, [])
        if a == b:
            continue
        only_a = [row for row in a if row not in b]
        only_b = [row for row in b if row not in a]
        if not only_a and not only_b:
            lines.append(f"{key}: same rows, different order")
        lines += [f"{key} only in the first: {row}" for row in only_a]
        lines += [f"{key} only in the second: {row}" for row in only_b]
    return lines
