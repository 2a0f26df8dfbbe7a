from django.db import migrations

# A unit starts with the series Decree 30 always needs; its administrator adds more (each legal normative type).
SERIES = [
    ("di", "Sổ đăng ký văn bản đi", "outgoing", False, False, 100),
    ("di-mat", "Sổ đăng ký văn bản đi (mật)", "outgoing", True, False, 10),
    ("di-sao", "Sổ đăng ký bản sao văn bản", "outgoing", False, True, 20),
    ("den", "Sổ đăng ký văn bản đến", "incoming", False, False, 100),
]


def create(apps, schema_editor):
    Series = apps.get_model("documents", "Series")
    for code, name, direction, confidential, copies, position in SERIES:
        Series.objects.get_or_create(code=code, defaults={
            "name": name, "direction": direction, "confidential": confidential, "copies": copies,
            "position": position})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
