"""A session's plan: the techniques in order, with their minutes and any rule-9 reason."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from clients.models.sessions import Session


class PlanItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="plan_items")
    entry = models.ForeignKey("techniques.Entry", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField()
    override_reason = models.TextField(
        blank=True, help_text="Only for entries blocked solely by CI13, CI20, CI21, CI22 or CI23."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(name="plan_item_minutes_positive", condition=Q(minutes__gte=1)),
            models.UniqueConstraint(fields=["session", "entry"], name="plan_item_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} ({self.minutes} min)"
