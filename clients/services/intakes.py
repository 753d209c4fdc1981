"""Intakes: saving a draft, signing it (with the age it was signed with), setting a
self-intake aside, and recording a medical clearance of a red flag."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clients import consent, revisions
from clients.models import Clearance, Client, Intake, IntakeSource, IntakeStatus
from clients.services.screening import current_screening

SET_ASIDE_REASON_MIN = 15


class IntakeRefused(Exception):
    """A change the record can't take; the message says why."""


def mark_signed(intake: Intake, *, by) -> None:
    """Sign the intake in memory (saved by `intake_save`): who, when, consent, and the
    client's age on that day, which later corrections of the date of birth never change."""
    now = timezone.now()
    intake.status, intake.signed_by, intake.signed_at = IntakeStatus.SIGNED, by, now
    if intake.consent_at is None:
        intake.consent_at, intake.consent_version = now, consent.CURRENT_VERSION
    intake.consent_version = intake.consent_version or consent.CURRENT_VERSION
    intake.signed_age = intake.client.age_on(timezone.localdate(now))


def intake_save(*, intake: Intake, loaded: int | None, sign: bool = False, by=None) -> Intake:
    """Save a new draft, or the next revision of a stored one, signing it when asked.

    Raises revisions.Stale when the stored row is no longer at `loaded` (None: any
    revision) or was signed meanwhile: signed intakes never change.
    """
    if sign:
        mark_signed(intake, by=by)
    with transaction.atomic():
        if intake.pk is not None:
            intake.revision = revisions.claim(Intake.objects.drafts(), intake.pk, loaded)
        intake.save()
    return intake


def intake_set_aside(*, intake: Intake, reason: str, by) -> Intake:
    """Set a self-intake aside without signing it: its red flags and contraindications
    stop counting. Needs a written reason (audited by the caller with the change)."""
    reason = (reason or "").strip()
    if intake.source != IntakeSource.CLIENT or intake.is_signed:
        raise IntakeRefused("Only a self-intake waiting for review can be set aside.")
    if len(reason) < SET_ASIDE_REASON_MIN:
        raise IntakeRefused(
            f"Write why it is set aside, in at least {SET_ASIDE_REASON_MIN} characters "
            "(e.g. 'filled in twice by mistake; the later one is signed')."
        )
    with transaction.atomic():
        done = Intake.objects.filter(
            pk=intake.pk, status=IntakeStatus.DRAFT, set_aside_at__isnull=True
        ).update(set_aside_at=timezone.now(), set_aside_by=by, set_aside_reason=reason)
        if not done:
            raise IntakeRefused("This self-intake was signed or set aside a moment ago.")
    intake.refresh_from_db()
    return intake


def clearance_record(*, client: Client, clearance: Clearance, by) -> Clearance:
    """Record that a medical professional cleared a red flag the client reported (in the
    signed intake, at a check-in or in a self-intake waiting): it belongs to the current
    signed intake, so a newer one starts afresh."""
    with transaction.atomic():
        # The client's row is the lock: of two clearances of one flag sent together, the
        # second sees the first and is refused (SQLite's IMMEDIATE transactions do the same).
        Client.objects.select_for_update().filter(pk=client.pk).first()
        flags = {flag["code"]: flag for flag in current_screening(client).result["red_flags"]}
        if clearance.code not in flags:
            raise IntakeRefused(f"{clearance.code} is not among the client's red flags now.")
        if flags[clearance.code]["cleared"]:
            raise IntakeRefused(f"{clearance.code} has already been cleared.")
        clearance.client = client
        clearance.intake = client.intakes.latest_signed()
        clearance.recorded_by = by
        clearance.save()
    return clearance
