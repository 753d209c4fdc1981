"""Private links: a client's self-intake link (one use) and an issued sheet's link
(30 days, revocable). Workflows take plain values and `by=user`, so views, commands and
tests all call them the same way.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clients import consent
from clients.models import Client, Intake, IntakeLink, Sheet, SheetLink
from clients.services.sheets import SheetError
from clinic.emails import send_text
from clinic.models import User

LINK_DAYS = 30
INTAKE_LINK_LIFETIME = timedelta(days=7)


def intake_link_create(*, client: Client, by: User | None) -> IntakeLink:
    """A one-use link for the client to fill in their own intake, open for 7 days; made by
    the therapist's button, or by a reminder (no one: `by=None`)."""
    return IntakeLink.objects.create(
        client=client, created_by=by, expires=timezone.now() + INTAKE_LINK_LIFETIME
    )


def intake_submit(*, link: IntakeLink, intake: Intake) -> Intake | None:
    """Use the link and store the client's draft together, or neither: a link gives one
    intake. None when the link was used, revoked or expired meanwhile. From now on its red
    flags and contraindications count in the client's current screening."""
    now = timezone.now()
    with transaction.atomic():
        # One conditional UPDATE: of two submissions racing, only one finds the link open.
        still_open = IntakeLink.objects.filter(
            pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires__gt=now
        )
        if not still_open.update(used_at=now):
            return None
        intake.consent_at, intake.consent_version = now, consent.CURRENT_VERSION
        intake.save()
        IntakeLink.objects.filter(pk=link.pk).update(intake=intake)
    return intake


def create_link(sheet: Sheet, *, by: User, days: int = LINK_DAYS) -> SheetLink:
    """A private link to an issued sheet. Making a link never emails it: that is a choice
    of its own (`email_sheet_link`)."""
    if not sheet.is_issued:
        raise SheetError("Issue the sheet before sharing it.")
    return SheetLink.objects.create(
        sheet=sheet, created_by=by, expires=timezone.now() + timedelta(days=days)
    )


def email_sheet_link(link: SheetLink, url: str, *, to: str) -> None:
    """Email the link to `to` and remember the address on the link. The email says who
    sent it and where the link goes; nothing about health. Raises what the mail backend
    raises when it can't send, and then remembers nothing."""
    practice = link.sheet.client.practice
    send_text(
        to=to,
        subject=f"Your self-care sheet from {practice.name}",
        template="clients/email/sheet_link.txt",
        context={"link": link, "url": url, "practice": practice},
    )
    link.emailed_to = to
    link.save(update_fields=["emailed_to"])


def email_intake_link(link: IntakeLink, url: str, *, to: str) -> None:
    """Email a self-intake link to `to`: who sent it, where it goes, that it works once;
    nothing about health."""
    practice = link.client.practice
    send_text(
        to=to,
        subject=f"Your intake form from {practice.name}",
        template="clients/email/intake_link.txt",
        context={"link": link, "url": url, "practice": practice},
    )


def revoke_link(link: SheetLink) -> bool:
    """Withdraw an open link; False when it was expired or withdrawn already."""
    if link.state != "open":
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return True
