"""Sessions: the appointment, the pre-session check-in, the plan, the note and progress."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clients.models.clients import Client
from clients.models.intakes import CONTRAINDICATION_CHOICES, RED_FLAG_CHOICES
from clinic.models import REMINDER_HOURS_MAX
from techniques.fields import CodeListField

SESSION_LENGTHS = (30, 45, 60, 75, 90)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


class PlanFocus(models.TextChoices):
    PSOAS = "psoas", "Psoas"
    SCIATIC = "sciatic", "Sciatic (sciatica and deep gluteal)"
    BOTH = "both", "Psoas and sciatic"
    RELAXATION = "relaxation", "Relaxation"


class SessionQuerySet(models.QuerySet):
    def for_practice(self, practice) -> SessionQuerySet:
        return self.filter(client__practice=practice)

    def active(self) -> SessionQuerySet:
        return self.exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.NO_SHOW])

    def awaiting_reminder(self, now: datetime) -> SessionQuerySet:
        """Planned sessions not yet reminded of, starting within the longest reminder time
        any practice can set, of clients who asked for reminders and gave an email. Which
        are due yet depends on each practice's hours: `Session.reminder_is_due`."""
        return self.filter(
            status=SessionStatus.PLANNED,
            reminder_sent_at__isnull=True,
            start__gte=now,
            start__lte=now + timedelta(hours=REMINDER_HOURS_MAX),
            client__reminders=True,
            client__archived=False,
        ).exclude(client__email="")


class Session(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sessions")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions"
    )
    start = models.DateTimeField()
    length = models.PositiveSmallIntegerField(
        "length (minutes)", choices=[(n, f"{n} minutes") for n in SESSION_LENGTHS], default=60
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    focus = models.CharField("plan focus", max_length=12, choices=PlanFocus.choices, blank=True)
    # Set when a reminder run claims the session (clients/services/reminders.py), so no
    # two runs send one; cleared again if the email could not be sent.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["therapist", "start"], name="session_therapist_start"),
            models.Index(fields=["client", "-start"], name="session_client_start"),
            # The reminder run, every few minutes: planned sessions not yet reminded of.
            models.Index(
                fields=["start"],
                condition=Q(status="planned", reminder_sent_at__isnull=True),
                name="session_reminder_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="session_length_allowed", condition=Q(length__in=SESSION_LENGTHS)
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.pk} ({self.start:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return self.step_url("session_detail")

    def step_url(self, name: str) -> str:
        """The address of one step of the session: check_in, plan_builder, note_edit…"""
        return reverse(f"clients:{name}", args=[self.client_id, self.pk])

    @property
    def end(self):
        return self.start + timedelta(minutes=self.length)

    @property
    def reminder_due_at(self) -> datetime:
        return self.start - timedelta(hours=self.client.practice.reminder_hours)

    def reminder_is_due(self, now: datetime) -> bool:
        return self.reminder_due_at <= now <= self.start

    def reminder_state(self, now: datetime) -> str:
        """What the session page says about the reminder: "sent", "due" (not sent yet),
        "not_asked", "no_email", "not_planned" or "missed" (the session began unreminded)."""
        if self.reminder_sent_at:
            return "sent"
        if not self.client.reminders:
            return "not_asked"
        if not self.client.email:
            return "no_email"
        if self.status != SessionStatus.PLANNED:
            return "not_planned"
        return "due" if now < self.start else "missed"


class CheckIn(models.Model):
    """Before a session: has anything changed since the signed intake?"""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="check_in")
    anything_changed = models.BooleanField(default=False)
    new_red_flags = CodeListField(choices=RED_FLAG_CHOICES, blank=True)
    new_contraindications = CodeListField(
        choices=CONTRAINDICATION_CHOICES, blank=True, max_length=400
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        constraints = [
            # "Nothing has changed" can't come with new answers.
            models.CheckConstraint(
                name="check_in_unchanged_has_no_answers",
                condition=Q(anything_changed=True)
                | (Q(new_red_flags="") & Q(new_contraindications="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in for session {self.session_id}"


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A therapist's private .ics address; revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def renew(self) -> None:
        self.token = _feed_token()
        self.save(update_fields=["token"])
