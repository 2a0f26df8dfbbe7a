from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statistics', '0006_full_online_service_counters'),
    ]

    operations = [
        migrations.AddField(
            model_name='factsday',
            name='procedures_with_fee',
            field=models.IntegerField(db_default=0, default=0, verbose_name='số thủ tục có phí, lệ phí'),
        ),
        migrations.AddIndex(
            model_name='dailyfact',
            index=models.Index(condition=models.Q(('dossiers_paid_online__gt', 0)),
                               fields=['unit', 'procedure_code', 'day'], name='statistics_fact_paid_online'),
        ),
    ]
