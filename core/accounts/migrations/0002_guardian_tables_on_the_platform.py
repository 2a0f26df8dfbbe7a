"""django-guardian became a shared app (units keep object permissions in core.objectperms). An installation whose
public schema recorded guardian's migrations while it was a unit app has no guardian tables there, and deleting a
person then fails (Django's collector deletes their rows from guardian's table): create them once.
"""

from django.db import migrations

_MODELS = ("UserObjectPermission", "GroupObjectPermission")


def create_missing(apps, schema_editor):
    connection = schema_editor.connection
    if connection.schema_name != "public":
        return
    existing = set(connection.introspection.table_names())
    for name in _MODELS:
        model = apps.get_model("guardian", name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [migrations.RunPython(create_missing, migrations.RunPython.noop, elidable=True)]
