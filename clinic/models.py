"""Accounts: users, practices and the staff who work in them."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clinic.validators import no_control_characters

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
INVITATION_LIFETIME = timedelta(days=7)
REMINDER_HOURS_MAX = 168  # a week
SESSION_HASH_SALT = "clinic.models.User.session_hash"


class User(AbstractUser):
    """A person who signs in: a therapist, a practice owner or a site admin (staff)."""

    # AbstractUser's, plus one line of plain text (clinic/validators.py).
    first_name = models.CharField(
        "first name", max_length=150, blank=True, validators=[no_control_characters]
    )
    last_name = models.CharField(
        "last name", max_length=150, blank=True, validators=[no_control_characters]
    )
    session_generation = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to end every session of this login at once (see end_sessions).",
    )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def end_sessions(self) -> None:
        """Every session signed in before this stops working at its next request, whatever
        the session store, and reactivating the login later doesn't bring them back."""
        type(self).objects.filter(pk=self.pk).update(
            session_generation=models.F("session_generation") + 1
        )
        self.refresh_from_db(fields=["session_generation"])

    # Django keeps this hash in the session at sign-in and compares it on every request:
    # a password change ends other sessions, and so does a new session generation.
    def get_session_auth_hash(self) -> str:
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, *, secret) -> str:
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


class Country(models.TextChoices):
    """Where the practice is: it decides the numbers a client is told to call."""

    UK = "GB", "United Kingdom"
    US = "US", "United States"
    CANADA = "CA", "Canada"
    AUSTRALIA = "AU", "Australia"
    OTHER = "XX", "Elsewhere (112)"


# SCREENING.md section 4, rule 7: (emergency number, non-urgent medical line) by country.
PHONE_NUMBERS = {
    Country.UK: ("999", "111"),
    Country.US: ("911", ""),
    Country.CANADA: ("911", ""),
    Country.AUSTRALIA: ("000", ""),
    Country.OTHER: ("112", ""),
}
_CANADIAN_ZONES = ("Toronto", "Vancouver", "Edmonton", "Winnipeg", "Halifax", "Regina",
                   "St_Johns", "Moncton", "Whitehorse", "Yellowknife", "Iqaluit")  # fmt: skip


def country_for_time_zone(time_zone: str) -> str:
    """The country a practice's time zone suggests, until the owner says otherwise."""
    if time_zone in ("Europe/London", "Europe/Belfast", "GB"):
        return Country.UK
    if time_zone.startswith(("America/", "US/", "Canada/")):
        city = time_zone.split("/", 1)[1]
        return (
            Country.CANADA
            if time_zone.startswith("Canada/") or city in _CANADIAN_ZONES
            else (Country.US)
        )
    if time_zone.startswith("Australia/"):
        return Country.AUSTRALIA
    return Country.OTHER


class Practice(models.Model):
    name = models.CharField(max_length=150, validators=[no_control_characters])
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/London")
    logo = models.ImageField(upload_to="practice-logos/", blank=True)
    country = models.CharField(
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text="Sets the numbers on self-care sheets. Left empty, it follows the time zone.",
    )
    emergency_number = models.CharField(
        max_length=20,
        blank=True,
        help_text="The number clients call in an emergency. Left empty: the country's (999, "
        "911, 000 or 112).",
    )
    medical_line = models.CharField(
        "non-urgent medical line",
        max_length=20,
        blank=True,
        help_text="Optional, e.g. 111 in the UK. Left empty in the UK: 111.",
    )
    require_two_factor = models.BooleanField(
        "require two-factor login",
        default=False,
        help_text="Everyone in the practice must confirm each sign-in with a code from an "
        "authenticator app.",
    )
    reminder_hours = models.PositiveSmallIntegerField(
        "reminder hours before a session",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(REMINDER_HOURS_MAX)],
        help_text="Clients who asked for reminders get an email this many hours before each "
        f"session (1 to {REMINDER_HOURS_MAX}).",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="practice_reminder_hours_range",
                condition=models.Q(reminder_hours__gte=1, reminder_hours__lte=REMINDER_HOURS_MAX),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def country_code(self) -> str:
        return self.country or country_for_time_zone(self.time_zone)

    @property
    def phone_numbers(self) -> tuple[str, str]:
        """(emergency number, non-urgent medical line or ""), the practice's own first."""
        emergency, line = PHONE_NUMBERS[Country(self.country_code)]
        return self.emergency_number or emergency, self.medical_line or line


class Role(models.TextChoices):
    OWNER = "owner", "Practice owner"
    THERAPIST = "therapist", "Therapist"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """Links a user to the one practice they work in, with their role there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.THERAPIST)
    joined = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.practice}"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked=False, expires__gt=timezone.now())


class Invitation(models.Model):
    """An emailed link that lets a new therapist create their login in a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.THERAPIST)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.practice}"

    def save(self, *args, **kwargs):
        if not self.expires:
            self.expires = timezone.now() + INVITATION_LIFETIME
        super().save(*args, **kwargs)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.revoked and self.expires > timezone.now()


class RateCounter(models.Model):
    """How many times a rate-limited key was hit in its current window (clinic.ratelimit,
    without Redis). One row per key, counted up by one atomic upsert."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField(help_text="Unix time the current window began.")
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
