from django.db import migrations


def load(apps, schema_editor):
    from modules.forms.services.starter import load_starter

    load_starter(apps)


class Migration(migrations.Migration):
    dependencies = [("forms", "0002_published_never_change")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
