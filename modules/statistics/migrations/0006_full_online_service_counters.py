from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statistics', '0005_decision_766_description_counters'),
    ]

    operations = [
        migrations.AddField(
            model_name='dailyfact',
            name='received_full_service',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ của thủ tục có DVCTT toàn trình'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='received_online_full_service',
            field=models.IntegerField(db_default=0, default=0,
                                      verbose_name='hồ sơ trực tuyến của thủ tục có DVCTT toàn trình'),
        ),
    ]
