"""Session reminders: an email to each client who asked for them, the practice's number
of hours before a planned session, with the session as an .ics file and, while the client
has no signed intake, a fresh intake link.

`manage.py send_reminders` runs this every few minutes (docs/deploy.md). Each session is
claimed with one conditional UPDATE before its email goes, so two runs that overlap send
it once; a send that fails gives the claim back and the next run tries again.
"""

from __future__ import annotations

import logging
import zoneinfo
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from clients import audit
from clients.calendar import render_session_for_client
from clients.models import IntakeLink, Session, SessionStatus
from clients.services.links import intake_link_create
from clinic.emails import one_line

log = logging.getLogger(__name__)

ICS_FILENAME = "session.ics"


def due_reminders(*, now: datetime | None = None) -> list[Session]:
    """The sessions whose reminder is due now and not yet sent, soonest first."""
    now = now or timezone.now()
    candidates = Session.objects.awaiting_reminder(now).select_related(
        "client__practice", "therapist"
    )
    return [session for session in candidates if session.reminder_is_due(now)]


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Send every due reminder once; the number sent."""
    now = now or timezone.now()
    sent = 0
    for session in due_reminders(now=now):
        if not _claim(session, now):
            continue  # another run has it
        try:
            send_reminder(session, now=now)
        except Exception:
            # The email didn't go: give the session back for the next run, and say so.
            Session.objects.filter(pk=session.pk, reminder_sent_at=now).update(
                reminder_sent_at=None
            )
            log.exception("Reminder for session %s not sent; the next run tries again", session.pk)
        else:
            sent += 1
    return sent


def _claim(session: Session, now: datetime) -> bool:
    """One conditional UPDATE: of two runs reaching the same session, only one finds it
    unclaimed (and still planned)."""
    claimed = Session.objects.filter(
        pk=session.pk, reminder_sent_at__isnull=True, status=SessionStatus.PLANNED
    ).update(reminder_sent_at=now)
    if claimed:
        session.reminder_sent_at = now
    return bool(claimed)


def send_reminder(session: Session, *, now: datetime) -> None:
    client, practice = session.client, session.client.practice
    zone = zoneinfo.ZoneInfo(practice.time_zone)
    local_start = timezone.localtime(session.start, zone)
    link = _intake_link(session)
    context = {
        "client": client,
        "practice": practice,
        "therapist": session.therapist.display_name,
        "start": local_start,
        "end": timezone.localtime(session.end, zone),
        "length": session.length,
        "intake_url": _absolute(reverse("clients:self_intake", args=[link.token])) if link else "",
        "link": link,
        "ics_filename": ICS_FILENAME,
    }
    when = dateformat.format(local_start, "D j M Y, H:i")
    with timezone.override(zone):  # the template's times as the practice's clocks show them
        body = render_to_string("clients/email/session_reminder.txt", context)
    message = EmailMessage(
        subject=f"Reminder: your session at {one_line(practice.name)} on {when}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[client.email],
    )
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message.attach(
        ICS_FILENAME,
        render_session_for_client(session, host=host, now=now),
        "text/calendar",
    )
    try:
        message.send()
    except Exception:
        if link:  # never reached the client: nobody may use it
            IntakeLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        raise


def _intake_link(session: Session) -> IntakeLink | None:
    """A fresh intake link (as the therapist's "Send an intake link" makes) while the
    client has no signed intake."""
    client = session.client
    if client.intakes.latest_signed() is not None:
        return None
    link = intake_link_create(client=client, by=None)
    audit.record_unattended(audit.Action.CREATED, link)
    return link


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
