"""Sessions: the appointment, the pre-session check-in, the plan, the note and progress."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clients.models.client import Client
from clients.models.intake import CONTRAINDICATION_CHOICES, RED_FLAG_CHOICES
from clinic.validators import no_control_characters
from techniques.fields import CodeListField

SESSION_LENGTHS = (30, 45, 60, 75, 90)
# Activities the client finds hard, scored at each session ("up to three").
MAX_ACTIVITIES = 3


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
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["therapist", "start"], name="session_therapist_start"),
            models.Index(fields=["client", "-start"], name="session_client_start"),
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


class Note(models.Model):
    """The session note (SOAP). Signing locks it; later changes are amendments."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="note")
    pain_now = models.PositiveSmallIntegerField("pain now (0–10)", null=True, blank=True)
    subjective = models.TextField("client's report", blank=True)
    objective = models.JSONField(
        "tests", default=list, blank=True, help_text="Tests with side, result and degrees."
    )
    done = models.TextField("what was done", blank=True)
    assessment = models.TextField(blank=True)
    plan_next = models.TextField("plan for next time", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    plan_snapshot = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The plan as it was when the note was signed: names, regions, minutes.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts saves, to catch two people editing at once."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(name="note_pain_0_to_10", condition=Q(pain_now__lte=10))
        ]

    def __str__(self) -> str:
        return f"Note for session {self.session_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class NoteAmendment(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Amendment {self.pk} to note {self.note_id}"


class Activity(models.Model):
    """Up to three activities the client finds hard, scored 0–10 at each session."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(max_length=120, validators=[no_control_characters])
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "position"], name="activity_one_per_position"
            ),
            models.CheckConstraint(
                name="activity_at_most_three", condition=Q(position__lte=MAX_ACTIVITIES - 1)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityScore(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="scores")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="activity_scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "session"], name="activity_score_once_per_session"
            ),
            models.CheckConstraint(name="activity_score_0_to_10", condition=Q(score__lte=10)),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.score}"


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
