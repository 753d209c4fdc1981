"""Sessions: booking (no overlaps, no shortening below the plan, no cancelling a session
whose note is signed), the check-in, and the therapist's calendar feed.

Views, commands and tests all call these functions, so each rule lives in one place.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from clients.models import (
    SESSION_LENGTHS,
    AuditEvent,
    CalendarFeed,
    CheckIn,
    Note,
    Session,
    SessionStatus,
)
from clients.services import plans
from clients.services.screening import current_screening

# --- Sessions ----------------------------------------------------------------------------

ACTIVE_STATUSES = frozenset({SessionStatus.PLANNED, SessionStatus.DONE})


class SessionOverlap(Exception):
    def __init__(self, others: list[Session]) -> None:
        super().__init__("overlapping sessions")
        self.others = others


def overlapping_sessions(
    therapist_id: int, start: datetime, length: int, exclude_pk: int | None = None
) -> list[Session]:
    """The therapist's active sessions that share any minute with [start, start + length)."""
    end = start + timedelta(minutes=length)
    nearby = (
        Session.objects.active()
        .filter(
            therapist_id=therapist_id,
            start__lt=end,
            start__gt=start - timedelta(minutes=max(SESSION_LENGTHS)),
        )
        .exclude(pk=exclude_pk)
        .select_related("client")
    )
    return [other for other in nearby if other.end > start]


class SessionRefused(Exception):
    """A change the record can't take; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def session_save(*, session: Session) -> Session:
    """Save a new or changed session, refusing one that overlaps the therapist's others,
    is shorter than its plan, or is cancelled or a no-show although its note is signed.

    The therapist's row is locked while checking, so two bookings made at the same moment
    can't both slip in (PostgreSQL; SQLite writes one transaction at a time anyway).
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=session.therapist_id).first()
        if session.pk:
            plans.lock_session(session)
            check_session_change(session)
            keep_reminder_state(session)
        if session.status in ACTIVE_STATUSES:
            others = overlapping_sessions(
                session.therapist_id, session.start, session.length, session.pk
            )
            if others:
                raise SessionOverlap(others)
        session.save()
    return session


def keep_reminder_state(session: Session) -> None:
    """Saving the whole row must not undo a reminder claimed since the form was opened
    (which would send a second one); a session moved to another time is reminded of again.
    Read under the session's lock, so no reminder run can claim it in between."""
    stored = Session.objects.filter(pk=session.pk).values("start", "reminder_sent_at").first()
    if stored is None:
        return
    moved = stored["start"] != session.start
    session.reminder_sent_at = None if moved else stored["reminder_sent_at"]


def check_session_change(session: Session) -> None:
    """The record stays true: a signed note means the session happened, and a session
    can't be shorter than the plan made for it."""
    signed = Note.objects.filter(session_id=session.pk, signed_at__isnull=False).exists()
    if signed and session.status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW):
        raise SessionRefused(
            "The session note is signed, so the session took place: it can't be marked "
            f"{session.get_status_display().lower()}.",
            "status",
        )
    if signed and session.status != SessionStatus.DONE:
        raise SessionRefused("The session note is signed, so the session is done.", "status")
    planned_minutes = sum(
        item.minutes
        for item in plans.planned(session, current_screening(session.client))
        if item.counts
    )
    if session.length < planned_minutes:
        raise SessionRefused(
            f"The plan holds {planned_minutes} minutes, more than {session.length}: shorten "
            "or remove something in the plan first.",
            "length",
        )


# --- The check-in ------------------------------------------------------------------------


def check_in_for(session: Session) -> CheckIn | None:
    try:
        return session.check_in
    except CheckIn.DoesNotExist:
        return None


def check_in_record(*, session: Session, data: dict[str, Any], by) -> CheckIn:
    """Record (or correct) the check-in. What it reports joins the client's current
    screening at once, for every page; the plan keeps its items, and any the new result
    blocks are marked on it (SCREENING.md section 4, rule 3)."""
    if not data.get("anything_changed") and (
        data.get("new_red_flags") or data.get("new_contraindications")
    ):
        raise SessionRefused("“Nothing has changed” can't come with ticked answers.")
    with transaction.atomic():
        check_in, _ = CheckIn.objects.update_or_create(
            session=session, defaults={**data, "recorded_by": by}
        )
    session.check_in = check_in
    return check_in


# --- The calendar feed -------------------------------------------------------------------


def feed_renew(*, user, practice) -> CalendarFeed:
    """Create the therapist's feed, or give it a new address (the old one stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.renew()
    _audit_feed(user, practice, feed, AuditEvent.Action.CREATED)
    return feed


def feed_revoke(*, user, practice) -> None:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed:
        _audit_feed(user, practice, feed, AuditEvent.Action.REVOKED)
        feed.delete()


def _audit_feed(user, practice, feed: CalendarFeed, action: str) -> None:
    # Not about one client, so audit.record (which needs a client) doesn't fit.
    AuditEvent.objects.create(
        practice=practice, user=user, action=action, target=f"calendar feed {feed.pk}"
    )
