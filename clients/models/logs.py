"""The client's daily log on a sheet's private link: what they did today and how it felt.

One entry per sheet and day (the practice's local date), editable that day, kept for the
life of the sheet (it goes with the sheet, so with the client on erasure).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from clients.models.sheets import Sheet

NOTE_LENGTH = 280
PAIN_MAX = 10


class DailyLogQuerySet(models.QuerySet):
    def for_client(self, client_id: int) -> DailyLogQuerySet:
        return self.filter(sheet__client_id=client_id)

    def between(self, first, last) -> DailyLogQuerySet:
        return self.filter(day__gte=first, day__lte=last)


class DailyLog(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="daily_logs")
    day = models.DateField(help_text="The practice's local date of the entry.")
    done = models.JSONField(
        default=list, blank=True, help_text="Slugs of the sheet's items the client did that day."
    )
    pain = models.PositiveSmallIntegerField(validators=[MaxValueValidator(PAIN_MAX)])
    note = models.CharField(max_length=NOTE_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DailyLogQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "day"], name="daily_log_one_a_day"),
            models.CheckConstraint(
                condition=Q(pain__gte=0, pain__lte=PAIN_MAX), name="daily_log_pain_0_to_10"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="daily_log_day")]

    def __str__(self) -> str:
        return f"Daily log {self.day:%Y-%m-%d} of sheet {self.sheet_id}"
