from django.db import migrations


def forwards(apps, schema_editor):
    from grants.programs.clep.rubric import load_rubric

    load_rubric(apps)


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
