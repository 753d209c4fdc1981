"""Load the starting library and the contraindication labels, so `migrate` alone gives a
full library. The data is frozen next to this migration (_library_v1.py)."""

from django.db import migrations

from techniques.migrations._library_v1 import ENTRIES
from techniques.vocabulary import CONTRAINDICATIONS


def load(apps, schema_editor):
    Contraindication = apps.get_model("techniques", "Contraindication")
    Entry = apps.get_model("techniques", "Entry")
    for code, ci in CONTRAINDICATIONS.items():
        Contraindication.objects.update_or_create(
            code=code, defaults={"label": ci.label, "client_label": ci.client_label}
        )
    for data in ENTRIES:
        fields = dict(data)
        fields["steps"] = "\n".join(fields["steps"])
        fields["cautions"] = "\n".join(fields["cautions"])
        fields["role"] = fields["role"] or ""
        fields["hold_unit"] = fields.get("hold_unit") or ""
        fields["frequency"] = fields.get("frequency") or ""
        fields["dose_note"] = fields.get("dose_note") or ""
        fields["per_side"] = bool(fields.get("per_side"))
        slug = fields.pop("slug")
        Entry.objects.update_or_create(slug=slug, defaults=fields)


def unload(apps, schema_editor):
    Entry = apps.get_model("techniques", "Entry")
    Entry.objects.filter(slug__in=[data["slug"] for data in ENTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("techniques", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
