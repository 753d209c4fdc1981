"""The audit trail: who viewed, created, changed, signed, printed or downloaded what, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clinic.models import Practice


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        SIGNED = "signed", "Signed"
        ISSUED = "issued", "Issued a self-care sheet"
        CLEARED = "cleared", "Recorded a clearance"
        ARCHIVED = "archived", "Archived"
        PRINTED = "printed", "Printed"
        DOWNLOADED = "downloaded", "Downloaded"
        SUBMITTED = "submitted", "Submitted by the client"
        REVOKED = "revoked", "Revoked"
        EMAILED = "emailed", "Emailed a private link"
        EXPORTED = "exported", "Exported the record"
        ERASED = "erased", "Erased the record"
        # Changes to the practice's staff (no client): clinic.services
        JOINED = "joined", "Joined the practice by invitation"
        DEACTIVATED = "deactivated", "Deactivated a login"
        REACTIVATED = "reactivated", "Reactivated a login"
        UNLOCKED = "unlocked", "Unlocked a login"
        TWO_FACTOR_RESET = "2fa_reset", "Reset two-factor login"

    # PROTECT: deleting a practice or a user must never take its audit rows with it, nor
    # blank who did what. (The database refuses it too: clients/audit_guard.py.)
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="audit_events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    client_ref = models.CharField(
        "client reference",
        max_length=20,
        blank=True,
        help_text="A pseudonym (client number) that stays after the client is erased.",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    target = models.CharField(max_length=60, help_text="What was touched, e.g. 'intake 12'.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["practice", "client", "-at"], name="audit_practice_client")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"

    # The database refuses updates and deletes as well (clients/audit_guard.py); erasure,
    # which sets `client` to NULL, is the one exception it allows.
    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
