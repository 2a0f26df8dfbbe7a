"""A finer statistics sample of the search vectors: with the default, a rare lexeme (a document number) is estimated at
about 0.2 % of the rows, so at a million documents the planner starts parallel workers for a search that finds five
(about 60 ms of start-up on a busy machine). With 1,000 the estimate follows the real counts."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0004_distribution_failure"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE documents_documentsearchindex ALTER COLUMN vector SET STATISTICS 1000",
            "ALTER TABLE documents_documentsearchindex ALTER COLUMN vector SET STATISTICS -1",
        ),
    ]
