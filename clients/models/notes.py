"""The session note (signed once, then amended) and the activities scored at each session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clients.models.clients import Client
from clients.models.sessions import Session
from clinic.validators import no_control_characters

# Activities the client finds hard, scored at each session ("up to three").
MAX_ACTIVITIES = 3


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
