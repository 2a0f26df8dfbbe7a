"""The kinds of unit both shapes of Vietnam's local government need (before and after 1 July 2025)."""

from django.db import migrations

KINDS = [
    ("province", "Tỉnh", "Province", 1),
    ("municipality", "Thành phố trực thuộc trung ương", "Municipality", 1),
    ("office", "Văn phòng", "Office", 2),
    ("department", "Sở, ban, ngành", "Department", 2),
    ("district", "Huyện", "District", 2),
    ("urban_district", "Quận", "Urban district", 2),
    ("town", "Thị xã", "Town", 2),
    ("provincial_city", "Thành phố thuộc tỉnh", "Provincial city", 2),
    ("commune", "Xã", "Commune", 3),
    ("ward", "Phường", "Ward", 3),
    ("township", "Thị trấn", "Township", 3),
    ("special_zone", "Đặc khu", "Special zone", 3),
]


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model("tenants", "UnitKind")
    for code, name, name_en, level in KINDS:
        UnitKind.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "level": level})


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
