# Written with the skeleton; after changing models.py run `egov makemigrations ${package}` with the plug-in allowed.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=500, verbose_name="nội dung")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
            ],
            options={
                "verbose_name": "ghi chú",
                "verbose_name_plural": "ghi chú",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
