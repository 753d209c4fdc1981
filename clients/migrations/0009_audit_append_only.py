"""The audit trail becomes append-only in the database too (clients/audit_guard.py):
triggers refuse UPDATE and DELETE on clients_auditevent, except erasure's nulling of
`client`. Deleting a practice or a user no longer reaches their audit rows (PROTECT), and
a practice with clients can't be deleted. New actions record changes to a practice's staff.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clients import audit_guard


def create_guard(apps, schema_editor):
    audit_guard.create(schema_editor.connection)


def drop_guard(apps, schema_editor):
    audit_guard.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_current_screening"),
        ("clinic", "0005_user_session_generation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # First, so that on SQLite no table rebuild after them can drop the triggers.
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "Viewed"),
                    ("created", "Created"),
                    ("changed", "Changed"),
                    ("signed", "Signed"),
                    ("issued", "Issued a self-care sheet"),
                    ("cleared", "Recorded a clearance"),
                    ("archived", "Archived"),
                    ("printed", "Printed"),
                    ("downloaded", "Downloaded"),
                    ("submitted", "Submitted by the client"),
                    ("revoked", "Revoked"),
                    ("exported", "Exported the record"),
                    ("erased", "Erased the record"),
                    ("joined", "Joined the practice by invitation"),
                    ("deactivated", "Deactivated a login"),
                    ("reactivated", "Reactivated a login"),
                    ("unlocked", "Unlocked a login"),
                    ("2fa_reset", "Reset two-factor login"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="practice",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_events",
                to="clinic.practice",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="practice",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="clients",
                to="clinic.practice",
            ),
        ),
        migrations.RunPython(create_guard, drop_guard),
    ]
