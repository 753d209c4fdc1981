"""Intake: what the client reports, their consent, and the medical clearances of red flags.

An intake is a draft until it is signed; a signed intake never changes (a newer signed
intake supersedes it). Its answers are stored as the codes of the screening contract, so
the page, the printout and the `screen` command always agree.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients import screening
from clients.models.clients import Client
from clinic.validators import no_control_characters
from techniques import vocabulary as vocab
from techniques.fields import CodeListField

SYMPTOM_CHOICES = [(code, code) for code in vocab.SYMPTOMS]
RED_FLAG_CHOICES = [(code, code) for code in vocab.RED_FLAGS]
CONTRAINDICATION_CHOICES = [
    (f"{code}:{region}" if ci.takes_site else code,) * 2
    for code, ci in vocab.CONTRAINDICATIONS.items()
    if not ci.derived
    for region in (vocab.REGIONS if ci.takes_site else [None])
]
PAIN_REGION_CHOICES = [(code, code) for code in vocab.PAIN_REGIONS]


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class IntakeSource(models.TextChoices):
    THERAPIST = "therapist", "Taken by the therapist"
    CLIENT = "client", "Filled in by the client"


class IntakeQuerySet(models.QuerySet):
    def signed(self) -> IntakeQuerySet:
        return self.filter(status=IntakeStatus.SIGNED)

    def drafts(self) -> IntakeQuerySet:
        return self.filter(status=IntakeStatus.DRAFT)

    def latest_signed(self) -> Intake | None:
        """The current intake: the latest signed one (SCREENING.md section 4, rule 1)."""
        return self.signed().order_by("-signed_at", "-pk").first()

    def pending_self_intakes(self) -> IntakeQuerySet:
        """Self-intakes the client submitted that the therapist has not yet signed or set
        aside: their red flags and contraindications already count."""
        return self.filter(
            status=IntakeStatus.DRAFT, source=IntakeSource.CLIENT, set_aside_at__isnull=True
        )


class Intake(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    status = models.CharField(
        max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    source = models.CharField(
        max_length=10, choices=IntakeSource.choices, default=IntakeSource.THERAPIST
    )
    new_onset = models.BooleanField(
        "new episode", null=True, blank=True, help_text="Is this a new episode of back pain?"
    )
    pain_now = models.PositiveSmallIntegerField("pain now (0–10)", null=True, blank=True)
    symptoms = CodeListField(choices=SYMPTOM_CHOICES, blank=True)
    red_flags = CodeListField(choices=RED_FLAG_CHOICES, blank=True)
    contraindications = CodeListField(choices=CONTRAINDICATION_CHOICES, blank=True, max_length=400)
    pain_regions = CodeListField(choices=PAIN_REGION_CHOICES, blank=True, max_length=400)
    pregnant = models.BooleanField(default=False)
    blood_thinners = models.BooleanField(default=False)
    medications = models.TextField(blank=True)
    history = models.TextField(blank=True)
    goals = models.TextField(blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    consent_name = models.CharField(
        "name typed as consent", max_length=200, blank=True, validators=[no_control_characters]
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    guardian_name = models.CharField(max_length=200, blank=True, validators=[no_control_characters])
    guardian_relationship = models.CharField(
        max_length=100, blank=True, validators=[no_control_characters]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_age = models.PositiveSmallIntegerField(
        "age when signed",
        null=True,
        blank=True,
        editable=False,
        help_text="Kept at signing: a date of birth corrected later changes nothing here.",
    )
    set_aside_at = models.DateTimeField(null=True, blank=True, editable=False)
    set_aside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_aside_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts saves, to catch two people editing at once."
    )

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-created"]
        indexes = [
            models.Index(fields=["client", "status", "-signed_at"], name="intake_client_current"),
            # The dashboard's intakes that clients filled in themselves, waiting for review.
            models.Index(
                fields=["-created"],
                condition=Q(status="draft", source="client"),
                name="intake_client_drafts",
            ),
            # The dashboard's drafts the therapists took and haven't signed yet.
            models.Index(
                fields=["-updated"],
                condition=Q(status="draft", source="therapist", set_aside_at__isnull=True),
                name="intake_therapist_drafts",
            ),
        ]
        constraints = [
            models.CheckConstraint(name="intake_pain_0_to_10", condition=Q(pain_now__lte=10)),
            models.CheckConstraint(
                name="intake_signed_has_signature_and_consent",
                condition=Q(status="draft")
                | (Q(signed_at__isnull=False) & Q(consent_at__isnull=False) & ~Q(consent_name="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Intake {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("clients:intake_detail", args=[self.client_id, self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == IntakeStatus.SIGNED

    @property
    def is_set_aside(self) -> bool:
        return self.set_aside_at is not None

    @property
    def age(self) -> int | None:
        """The age screening uses: as signed for a signed intake, else as of today's page."""
        if self.is_signed and self.signed_age is not None:
            return self.signed_age
        day = (
            timezone.localdate(self.signed_at or self.created)
            if (self.signed_at or self.created)
            else None
        )
        return self.client.age_on(day)

    @property
    def age_changed_since_signing(self) -> bool:
        """The date of birth was corrected after signing: suggest a new intake."""
        if not self.is_signed or self.signed_age is None:
            return False
        return self.client.age_on(timezone.localdate(self.signed_at)) != self.signed_age

    def answers(self, *, cleared: bool = True) -> dict[str, Any]:
        """The intake as screening answers (SCREENING.md section 3)."""
        data: dict[str, Any] = {
            "symptoms": list(self.symptoms),
            "red_flags": list(self.red_flags),
            "contraindications": list(self.contraindications),
            "pain_regions": list(self.pain_regions),
        }
        if self.age is not None:
            data["age"] = self.age
        if self.new_onset is not None:
            data["new_onset"] = self.new_onset
        if self.pain_now is not None:
            data["pain_now"] = self.pain_now
        if cleared and self.pk:
            data["cleared"] = sorted(c.code for c in self.clearances.all())
        return data

    def screen(self, library: list[screening.LibraryEntry]) -> dict[str, Any]:
        """This intake's own answers screened (its detail page); the client's current
        screening, which every other page shows, is clients.services.screening."""
        return screening.screen(self.answers(), library)


class Clearance(models.Model):
    """A medical professional has cleared one red flag the client reported: in a signed
    intake, at a check-in since, or in a self-intake waiting for review.

    `intake` is the signed intake that was current when it was recorded (None before the
    first): a newer signed intake starts afresh, so earlier clearances stop counting.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="clearances")
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="clearances", null=True, blank=True
    )
    code = models.CharField("red flag", max_length=4)
    cleared_by = models.CharField(
        "cleared by",
        max_length=200,
        help_text="The doctor or clinician who cleared it, and their role.",
        validators=[no_control_characters],
    )
    cleared_on = models.DateField("date cleared")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "created"]

    def __str__(self) -> str:
        return f"{self.code} cleared by {self.cleared_by}"

    def save(self, *args, **kwargs) -> None:
        if self.client_id is None and self.intake_id is not None:
            self.client_id = self.intake.client_id  # recorded against a signed intake
        super().save(*args, **kwargs)
