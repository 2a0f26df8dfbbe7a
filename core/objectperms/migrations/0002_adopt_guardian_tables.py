"""Units made before core.objectperms have django-guardian's own tables in their schema, with foreign keys into
public: their rows move here and the tables (with their constraints and the triggers they put on public tables) go.
Runs in unit schemas only (a tenant app); new units never had those tables.
"""

from django.db import migrations

_MOVES = (
    ("guardian_userobjectpermission", "objectperms_unituserobjectpermission", "user_id"),
    ("guardian_groupobjectpermission", "objectperms_unitgroupobjectpermission", "group_id"),
)


def adopt(apps, schema_editor):
    connection = schema_editor.connection
    if connection.schema_name == "public":  # guardian's tables there are the platform's own
        return
    schema = connection.ops.quote_name(connection.schema_name)
    with connection.cursor() as cur:
        for old, new, holder in _MOVES:
            cur.execute("SELECT to_regclass(quote_ident(current_schema()) || '.' || %s) IS NOT NULL", [old])
            if not cur.fetchone()[0]:
                continue
            columns = f"{holder}, permission_id, content_type_id, object_pk"
            cur.execute(f"INSERT INTO {new} ({columns}) SELECT {columns} FROM {schema}.{old} ON CONFLICT DO NOTHING")
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks of rows written in this transaction
            cur.execute(f"DROP TABLE {schema}.{old}")


class Migration(migrations.Migration):

    dependencies = [
        ("objectperms", "0001_initial"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [migrations.RunPython(adopt, migrations.RunPython.noop, elidable=True)]
