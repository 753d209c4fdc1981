"""Private links a client opens without an account: a self-intake link (one use, 7 days)
and an issued sheet's link (30 days). Both are a row's id signed with a salt of its own
kind; expiry and withdrawal live on the row."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from clients.models.clients import Client
from clients.models.intakes import Intake
from clients.models.sheets import Sheet


class SignedAddress:
    """The row's id signed with a salt of its own kind. No timestamp inside: the same link
    always has the same address, and expiry and revocation live on the row."""

    ADDRESS_SALT: str = ""

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.ADDRESS_SALT).sign(str(self.pk))

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            value = signing.Signer(salt=cls.ADDRESS_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return int(value) if value.isascii() and value.isdigit() else None


class PrivateLink(SignedAddress, models.Model):
    """What intake links and sheet links share: who made it, when it expires, whether it
    was withdrawn, and its signed address."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created"]

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if getattr(self, "used_at", None):
            return "used"
        if self.expires <= timezone.now():
            return "expired"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state == "open"


class IntakeLink(PrivateLink):
    """A private link a client uses once, within 7 days, to fill in their own intake."""

    ADDRESS_SALT = "clients.intake-link"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_links")
    used_at = models.DateTimeField(null=True, blank=True)
    intake = models.OneToOneField(
        Intake, on_delete=models.SET_NULL, null=True, blank=True, related_name="link"
    )

    class Meta(PrivateLink.Meta):
        pass

    def __str__(self) -> str:
        return f"Intake link {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("clients:link_detail", args=[self.client_id, self.pk])


class SheetLink(PrivateLink):
    """A private link to an issued sheet: 30 days by default, revocable, no account."""

    ADDRESS_SALT = "clients.sheet-link"

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="links")
    emailed_to = models.EmailField(blank=True)

    class Meta(PrivateLink.Meta):
        pass

    def __str__(self) -> str:
        return f"Sheet link {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("clients:shared_sheet", args=[self.token])


class SheetLinkEvent(models.Model):
    class Kind(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DOWNLOADED = "downloaded", "Downloaded the PDF"

    link = models.ForeignKey(SheetLink, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
