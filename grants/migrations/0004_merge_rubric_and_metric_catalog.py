# The rubric (review and awards) and the metric catalog (quarterly data) were seeded in parallel.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0003_clep_rubric"),
        ("grants", "0003_metric_catalog"),
    ]

    operations = []
