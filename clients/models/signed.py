"""Private addresses for rows a client opens without an account (intake and sheet links)."""

from __future__ import annotations

from django.core import signing


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
