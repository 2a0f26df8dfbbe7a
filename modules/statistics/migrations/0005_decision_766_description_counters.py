from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statistics', '0004_decision_766_counters'),
    ]

    operations = [
        migrations.AddField(
            model_name='dailyfact',
            name='received_synced',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ đồng bộ Cổng DVC quốc gia'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='received_population',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ khai thác dữ liệu dân cư'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='received_with_fee',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ của thủ tục có phí, lệ phí'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='dossiers_paid_online',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ thanh toán trực tuyến'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='ended_on_time_766',
            field=models.IntegerField(db_default=0, default=0, verbose_name='kết thúc đúng hạn (766)'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='in_progress_on_time_766',
            field=models.IntegerField(db_default=0, default=0, verbose_name='đang giải quyết trong hạn (766)'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='resolved_digitised',
            field=models.IntegerField(db_default=0, default=0, verbose_name='hồ sơ số hóa cả thành phần và kết quả'),
        ),
        migrations.AddField(
            model_name='dailyfact',
            name='results_exempt',
            field=models.IntegerField(db_default=0, default=0, verbose_name='kết quả không phải số hóa'),
        ),
        migrations.AddField(
            model_name='factsday',
            name='procedures',
            field=models.IntegerField(db_default=0, default=0, verbose_name='số thủ tục của đơn vị'),
        ),
        migrations.AddField(
            model_name='factsday',
            name='procedures_online',
            field=models.IntegerField(db_default=0, default=0, verbose_name='số thủ tục có dịch vụ công trực tuyến'),
        ),
    ]
