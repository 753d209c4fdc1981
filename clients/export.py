"""A client's complete record as one zip, for a request to see (or take away) their data.

`client_archive` returns `record.json` (every row the practice keeps about the client, in a
fixed shape), the PDF of each issued self-care sheet, the referral letter when the
current intake has red flags, and a README.txt explaining the files. Private-link tokens
are left out: they are keys, not data. The number of queries doesn't grow with the record.
"""

from __future__ import annotations

import io
import json
import zipfile
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from clients.documents import DOCUMENT, document_context, paper_for
from clients.library import published_library
from clients.models import (
    AuditEvent,
    Client,
    DailyLog,
    Note,
    NoteAmendment,
    PlanItem,
    Session,
    Sheet,
    SheetItem,
    SheetLink,
)
from clients.referral import TEMPLATE as REFERRAL_TEMPLATE
from clients.referral import letter_context
from clients.services.screening import current_screening
from clinic.models import User
from clinic.pdf import render_pdf
from techniques.models import Entry

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Archive:
    filename: str
    content: bytes
    files: tuple[str, ...]


def client_archive(request: HttpRequest, client: Client) -> Archive:
    """Build the zip in memory; the caller records the EXPORTED audit event."""
    zone = zoneinfo.ZoneInfo(client.practice.time_zone)
    with timezone.override(zone):
        today = timezone.localdate()
        record = _Record(client, zone, exported_by=request.user).build()
        pdfs = _pdfs(request, client)
        readme = render_to_string(
            "clients/export_readme.txt",
            {"client_number": client.pk, "record": record, "pdfs": pdfs, "today": today},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr(
            "record.json",
            json.dumps(record, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        for name, pdf in pdfs.items():
            archive.writestr(name, pdf)
    files = ("README.txt", "record.json", *pdfs)
    return Archive(f"client-{client.pk}-record-{today:%Y-%m-%d}.zip", buffer.getvalue(), files)


class _Record:
    """The client's rows as plain data: every concrete field of every row, staff shown by
    name, times in the practice's time zone with their offset."""

    def __init__(self, client: Client, zone: zoneinfo.ZoneInfo, *, exported_by: User) -> None:
        self.client = client
        self.zone = zone
        self.exported_by = exported_by
        self.users = {
            user.pk: user.display_name
            for user in User.objects.filter(membership__practice_id=client.practice_id)
        }

    def build(self) -> dict[str, Any]:
        client = self.client
        return {
            "format": "clinic client record",
            "version": FORMAT_VERSION,
            "exported_at": self.value(timezone.now()),
            "exported_by": self.exported_by.display_name,
            "practice": {"name": client.practice.name, "time_zone": client.practice.time_zone},
            "client": self.row(client, skip={"practice"}),
            "current_screening": self.current(),
            "intakes": self.intakes(),
            "intake_links": [
                {**self.row(link, skip={"client"}), "state": link.state}
                for link in client.intake_links.all()
            ],
            "activities": [self.row(a, skip={"client"}) for a in client.activities.all()],
            "sessions": self.sessions(),
            "sheets": self.sheets(),
            "entry_switches": [
                {**self.row(switch, skip={"client", "entry"}), **self.entry(switch.entry)}
                for switch in client.entry_switches.select_related("entry")
            ],
            "audit_events": [
                {**self.row(event, skip={"practice", "client"}), "action": event.action}
                for event in AuditEvent.objects.filter(client=client)
            ],
        }

    def current(self) -> dict[str, Any]:
        """The client's current screening (intake, check-ins, self-intakes waiting)."""
        found = current_screening(self.client)
        return {"screened": found.screened, "answers": found.answers, "result": found.result}

    def intakes(self) -> list[dict[str, Any]]:
        library = [item.library_entry for item in published_library()]
        found = []
        for intake in self.client.intakes.prefetch_related("clearances"):
            intake.client = self.client
            found.append(
                {
                    **self.row(intake, skip={"client"}),
                    "screening_answers": intake.answers(),
                    # What screening says now, against today's library.
                    "screening_result": intake.screen(library) if intake.is_signed else None,
                    "clearances": [
                        self.row(c, skip={"intake", "client"}) for c in intake.clearances.all()
                    ],
                }
            )
        return found

    def sessions(self) -> list[dict[str, Any]]:
        sessions = (
            Session.objects.filter(client=self.client)
            .select_related("check_in", "note")
            .prefetch_related(
                Prefetch("plan_items", queryset=PlanItem.objects.select_related("entry")),
                Prefetch("note__amendments", queryset=NoteAmendment.objects.all()),
                "activity_scores",
            )
        )
        found = []
        for session in sessions:
            check_in = getattr(session, "check_in", None)
            note: Note | None = getattr(session, "note", None)
            found.append(
                {
                    **self.row(session, skip={"client"}),
                    "check_in": self.row(check_in, skip={"session"}) if check_in else None,
                    "plan_items": [
                        {**self.row(item, skip={"session", "entry"}), **self.entry(item.entry)}
                        for item in session.plan_items.all()
                    ],
                    "note": {
                        **self.row(note, skip={"session"}),
                        "amendments": [self.row(a, skip={"note"}) for a in note.amendments.all()],
                    }
                    if note
                    else None,
                    "activity_scores": [
                        self.row(score, skip={"session"}) for score in session.activity_scores.all()
                    ],
                }
            )
        return found

    def sheets(self) -> list[dict[str, Any]]:
        sheets = Sheet.objects.filter(client=self.client).prefetch_related(
            Prefetch("items", queryset=SheetItem.objects.select_related("entry")),
            Prefetch("links", queryset=SheetLink.objects.prefetch_related("events")),
            Prefetch("daily_logs", queryset=DailyLog.objects.order_by("day")),
        )
        return [
            {
                **self.row(sheet, skip={"client"}),
                "items": [
                    {**self.row(item, skip={"sheet", "entry"}), **self.entry(item.entry)}
                    for item in sheet.items.all()
                ],
                "links": [
                    {
                        **self.row(link, skip={"sheet"}),
                        "state": link.state,
                        "events": [self.row(e, skip={"link"}) for e in link.events.all()],
                    }
                    for link in sheet.links.all()
                ],
                "daily_log": [self.row(log, skip={"sheet"}) for log in sheet.daily_logs.all()],
                "pdf": sheet_pdf_name(sheet) if sheet.is_issued else None,
            }
            for sheet in sheets
        ]

    @staticmethod
    def entry(entry: Entry) -> dict[str, str]:
        return {"entry": entry.slug, "entry_name": entry.name}

    def row(self, obj: models.Model, *, skip: set[str] = frozenset()) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in obj._meta.concrete_fields:
            if field.name in skip:
                continue
            value = getattr(obj, field.attname)
            if field.is_relation and field.related_model is User:
                value = self.users.get(value, f"user {value}") if value is not None else None
            elif field.choices and isinstance(value, (str, int)) and value != "":
                label = dict(field.flatchoices).get(value, value)
                if label != value:  # code lists name their codes in README's vocabulary
                    data[f"{field.name}_label"] = label
            data[field.name] = self.value(value)
        return data

    def value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return timezone.localtime(value, self.zone).isoformat()
        if isinstance(value, (date, time)):
            return value.isoformat()
        return value


def sheet_pdf_name(sheet: Sheet) -> str:
    return f"sheets/sheet-{sheet.pk}-{(sheet.snapshot or {}).get('date', 'undated')}.pdf"


def _pdfs(request: HttpRequest, client: Client) -> dict[str, bytes]:
    """Each issued sheet as the client received it, and the referral letter if any."""
    pdfs: dict[str, bytes] = {}
    paper = paper_for(client.practice)
    for sheet in Sheet.objects.filter(client=client, status="issued").only("pk", "snapshot"):
        context = document_context(sheet.snapshot, None, paper)
        pdfs[sheet_pdf_name(sheet)] = render_pdf(DOCUMENT, context, request=request)
    letter = letter_context(request, client)
    if letter["flags"]:
        pdfs["referral-letter.pdf"] = render_pdf(REFERRAL_TEMPLATE, letter, request=request)
    return pdfs
