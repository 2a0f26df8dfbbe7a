"""Units made before core.postgresql have Django's `_like` (varchar_pattern_ops) twin indexes on their tables, which
the schema editor no longer makes there (no query of a unit's tables matches a prefix, core/postgresql/schema.py):
they go from every table of the unit's schema, whichever app owns it, so an existing unit, the template and the units
cloned from it are the same as those built afresh. Runs in unit schemas only (a tenant app).
"""

from django.db import migrations

from core.postgresql.schema import PATTERN_INDEXED


def drop_pattern_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute("""
            SELECT ic.relname, c.relname, a.attname
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
            JOIN pg_opclass op ON op.oid = i.indclass[0]
            WHERE ic.relnamespace = current_schema()::regnamespace AND i.indnatts = 1
              AND op.opcname IN ('varchar_pattern_ops', 'text_pattern_ops') AND right(ic.relname, 5) = '_like'""")
        for index, table, column in cur.fetchall():
            if (table, column) not in PATTERN_INDEXED:
                cur.execute(f"DROP INDEX {schema_editor.quote_name(index)}")


class Migration(migrations.Migration):
    dependencies = [("objectperms", "0002_adopt_guardian_tables")]

    operations = [migrations.RunPython(drop_pattern_indexes, migrations.RunPython.noop, elidable=True)]
