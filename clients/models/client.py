"""A client of a practice: who they are and how to reach them and their doctor."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clinic.models import Practice


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNDISCLOSED = "undisclosed", "Prefers not to say"


class ClientQuerySet(models.QuerySet):
    def for_practice(self, practice: Practice) -> ClientQuerySet:
        return self.filter(practice=practice)

    def active(self) -> ClientQuerySet:
        return self.filter(archived=False)

    def search(self, text: str) -> ClientQuerySet:
        filters = Q()
        for word in text.split()[:5]:
            filters &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
            )
        return self.filter(filters)


class Client(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clients")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    doctor_name = models.CharField("doctor's name", max_length=150, blank=True)
    doctor_contact = models.TextField(
        "doctor's contact details", blank=True, help_text="Surgery address, phone or email."
    )
    notes = models.TextField(blank=True)
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The client list (active clients by name): a partial index SQLite can match.
            models.Index(
                fields=["practice", "last_name", "first_name"],
                condition=Q(archived=False),
                name="client_active_name",
            ),
            models.Index(
                fields=["practice", "archived", "last_name", "first_name"],
                name="client_practice_name",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="client_name_not_blank", condition=~Q(first_name="") & ~Q(last_name="")
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    def age_on(self, day: date | None = None) -> int | None:
        if not self.date_of_birth:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def current_intake(self):
        """The latest signed intake: the one screening, planning and sheets follow."""
        return self.intakes.signed().order_by("-signed_at").first()

    @property
    def is_minor(self) -> bool:
        age = self.age_on()
        return age is not None and age < 18
