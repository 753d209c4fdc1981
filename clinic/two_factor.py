"""Two-factor login: a code from an authenticator app (TOTP) after the password, with ten
single-use backup codes for a lost phone. Built on django-otp's devices; every view, the
enforcement middleware and the tests go through these functions.

A user has two-factor on when they have a confirmed TOTP device. Their backup codes live
in one StaticDevice beside it; turning two-factor off removes both.
"""

from __future__ import annotations

import math
import re
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import Membership, User

BACKUP_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")  # StaticToken.random_token(): 5 random bytes, base32


def is_required_for(user: User) -> bool:
    """Site admins in production, and everyone in a practice that asks for it.

    Reads the membership and practice that ClinicBackend loaded with the user: no query.
    """
    if (user.is_staff or user.is_superuser) and settings.TWO_FACTOR_FOR_SITE_ADMINS:
        return True
    try:
        return user.membership.practice.require_two_factor
    except Membership.DoesNotExist:
        return False


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_on(user: User, *, as_loaded: bool = False) -> bool:
    """Whether the user has a confirmed app device. `as_loaded` trusts what ClinicBackend
    read with the user at the start of the request (no query) when it is there."""
    if as_loaded and hasattr(user, "has_two_factor"):
        return user.has_two_factor
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def users_with_two_factor(user_ids: list[int]) -> set[int]:
    """Which of these users have two-factor on, in one query (for the staff list)."""
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def used_backup(device) -> bool:
    return isinstance(device, StaticDevice)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device whose QR code the setup page shows; the same one on a reload,
    so the code a person already scanned keeps working."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's key in base32, in groups of four, for apps set up by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise(code: str) -> str:
    """Codes are often typed with spaces or dashes, or in capitals; none of that matters."""
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass(frozen=True)
class Check:
    """The outcome of checking a code: the device that accepted it, or why not."""

    device: TOTPDevice | StaticDevice | None = None
    error: str = ""


WRONG_APP_CODE = (
    "That code didn't work. Codes change every 30 seconds: enter the newest one, and check "
    "that your phone's clock is right."
)
WRONG_BACKUP_CODE = "That backup code didn't work. Each backup code works only once."


def _throttled(device) -> str:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return ""
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return "Too many wrong codes. Wait a little, then try again."
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    wait = "a second" if seconds == 1 else f"{seconds} seconds"
    return f"Too many wrong codes. Wait {wait}, then try again."


def _check_device(device, code: str, wrong: str) -> Check:
    """One attempt against one device, locked for update so throttling holds across
    simultaneous requests (django-otp's own verify_token does the same)."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        if error := _throttled(device):
            return Check(error=error)
        if device.verify_token(code):
            return Check(device=device)
    return Check(error=wrong)


def check_code(user: User, code: str) -> Check:
    """A sign-in code: six digits from the app, or one of the backup codes (used up)."""
    if APP_CODE.fullmatch(code):
        device = app_device(user)
        return (
            _check_device(device, code, WRONG_APP_CODE) if device else Check(error=WRONG_APP_CODE)
        )
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return Check(error=WRONG_BACKUP_CODE)
    return _check_device(device, code, WRONG_BACKUP_CODE)


def check_setup_code(device: TOTPDevice, code: str) -> Check:
    return _check_device(device, code, WRONG_APP_CODE)


@transaction.atomic
def turn_on(device: TOTPDevice) -> list[str]:
    """Confirm the device the user just proved they can read; returns their backup codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """A fresh set of backup codes; any earlier ones stop working."""
    # The same device keeps its id, so a session verified by a backup code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.filter(device__user=user).delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def turn_off(user: User) -> None:
    """Removes the app and the backup codes: the user signs in with a password alone (or
    is asked to set two-factor up again, where it is required)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
