from django.db import migrations


def load(apps, schema_editor):
    from modules.doctypes.services.catalogue import load_appendix_iii

    load_appendix_iii(apps.get_model("doctypes", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("doctypes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
