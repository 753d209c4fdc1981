"""The therapist's private calendar feed as iCalendar (RFC 5545), written by the
`icalendar` package, which escapes and folds every value.

Only initials, times and lengths leave the practice: a calendar app or the company that
syncs it never sees a client's name or any health detail. Names can't hold line breaks or
control characters (clinic/validators.py); a name saved before that check has them turned
into spaces here, so no value can start a property or an event of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from clients.models import Session
from clinic.validators import single_line

PRODUCT_ID = "-//Clinic//Sessions//EN"


def session_summary(session: Session) -> str:
    return f"Session {session.client.initials} ({session.length} min)"


def _event(session: Session, *, host: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("last-modified", session.updated.astimezone(UTC))
    event.add("dtstart", session.start.astimezone(UTC))
    event.add("dtend", session.end.astimezone(UTC))
    event.add("summary", single_line(session_summary(session)))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    return event


def render_session_for_client(session: Session, *, host: str, now: datetime) -> bytes:
    """The one session as the client's calendar sees it: when and where, at which practice;
    no name and nothing about health."""
    practice = session.client.practice
    event = Event()
    event.add("uid", f"session-{session.pk}-client@{host}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", session.start.astimezone(UTC))
    event.add("dtend", session.end.astimezone(UTC))
    event.add("summary", f"Massage session at {single_line(practice.name)}")
    if practice.address:
        lines = (line.strip() for line in practice.address.splitlines())
        event.add("location", single_line(", ".join(line for line in lines if line)))
    event.add("status", "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()


def render_calendar(sessions: Iterable[Session], *, host: str, name: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(name))
    for session in sessions:
        calendar.add_component(_event(session, host=host, now=now))
    return calendar.to_ical()
