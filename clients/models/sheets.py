"""Self-care sheets: what a client takes home, the snapshot they received, private links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clients.models.clients import Client


class EntrySwitch(models.Model):
    """A therapist switched a per-client entry (the psoas ball) on for this client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="entry_switches")
    entry = models.ForeignKey("techniques.Entry", on_delete=models.CASCADE, related_name="+")
    switched_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "entry"], name="entry_switch_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} on for client {self.client_id}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class Sheet(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    note = models.TextField("personal note", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="Exactly what the client received, frozen at issue."
    )
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts saves, to catch two people editing at once."
    )

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                name="sheet_issued_has_snapshot",
                condition=Q(status="draft") | Q(issued_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Sheet {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("clients:sheet_builder", args=[self.client_id, self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == SheetStatus.ISSUED


class SheetItem(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="items")
    entry = models.ForeignKey("techniques.Entry", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    hold_min = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_unit = models.CharField(max_length=3, blank=True)
    repetitions = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False)
    frequency = models.CharField(max_length=60, blank=True)
    dose_note = models.CharField(max_length=120, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id} on sheet {self.sheet_id}"
