"""The therapist's private calendar feed as iCalendar text (RFC 5545).

Only initials, times and lengths leave the practice: a calendar app or the company that
syncs it never sees a client's name or any health detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from clients.models import Session

PRODUCT_ID = "-//Clinic//Sessions//EN"
LINE_LIMIT = 75  # octets, before folding


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= LINE_LIMIT:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = LINE_LIMIT if not parts else LINE_LIMIT - 1
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def session_summary(session: Session) -> str:
    return f"Session {session.client.initials} ({session.length} min)"


def render_calendar(sessions: Iterable[Session], *, host: str, name: str, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for session in sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"LAST-MODIFIED:{_stamp(session.updated)}",
            f"DTSTART:{_stamp(session.start)}",
            f"DTEND:{_stamp(session.end)}",
            f"SUMMARY:{_escape(session_summary(session))}",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "CLASS:PRIVATE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
