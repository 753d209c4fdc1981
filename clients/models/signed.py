"""Private addresses for rows a client opens without an account (intake and sheet links)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone


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
