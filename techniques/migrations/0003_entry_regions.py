"""Entries may have several regions (SCREENING.md section 1, rule 7): `region` becomes
`regions`, and the Swedish warm-up, which kneads the buttocks too, gets LUMB and GLUT."""

from django.db import migrations, models

import techniques.fields

WARM_UP = "swedish-warmup-lumbar-gluteal"


def copy_region(apps, schema_editor):
    Entry = apps.get_model("techniques", "Entry")
    for entry in Entry.objects.all():
        regions = [entry.region] if entry.region else []
        if entry.slug == WARM_UP:
            regions = sorted({*regions, "LUMB", "GLUT"})
        entry.regions = regions
        entry.save(update_fields=["regions"])


def back_to_one_region(apps, schema_editor):
    Entry = apps.get_model("techniques", "Entry")
    for entry in Entry.objects.all():
        regions = entry.regions
        if isinstance(regions, str):
            regions = regions.split()
        entry.region = "LUMB" if entry.slug == WARM_UP else (regions[0] if regions else "")
        entry.save(update_fields=["region"])


class Migration(migrations.Migration):
    dependencies = [("techniques", "0002_starting_library")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="regions",
            field=techniques.fields.CodeListField(
                blank=True,
                choices=[
                    ("ABD", "ABD – abdominal wall and direct psoas contact"),
                    ("AHIP", "AHIP – front of hip and groin (distal iliopsoas, hip flexors)"),
                    ("LUMB", "LUMB – lumbar muscles and quadratus lumborum"),
                    ("GLUT", "GLUT – gluteals and piriformis"),
                    ("PTHI", "PTHI – back of thigh (hamstrings)"),
                    ("LLEG", "LLEG – lower leg"),
                ],
                default=list,
                help_text="The body regions worked on. Screening blocks the entry when any of "
                "them is blocked. Leave empty for advice that touches no region.",
                max_length=40,
            ),
        ),
        migrations.RunPython(copy_region, back_to_one_region),
        migrations.RemoveField(model_name="entry", name="region"),
        migrations.AddField(
            model_name="entry",
            name="first_used",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the entry first went into a plan or an issued sheet; from then "
                "on what screening reads from it can only get stricter.",
                null=True,
            ),
        ),
    ]
