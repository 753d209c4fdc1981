"""Shared helpers of the self-care sheet tests: a screened client, a sheet issued the way
the builder issues it, the builder's POST data, and PDF text through pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

from clients.models import Sheet
from clients.services import sheets as sheet_service
from techniques.models import DOSE_FIELDS
from tests.factories import ClientFactory, IntakeFactory

PSOAS_SIGNS = ["PS01", "PS02", "PS04"]
SCIATICA_SIGNS = ["SC01", "SC03", "SC07", "SC09"]


def screened_client(practice, *, first_name="Ana", last_name="Silvermoon", **intake):
    """A client whose current signed intake has the given answers (psoas signs by default)."""
    client = ClientFactory(practice=practice, first_name=first_name, last_name=last_name)
    intake.setdefault("symptoms", PSOAS_SIGNS)
    IntakeFactory(client=client, **intake)
    return client


def draft_for(client, therapist) -> Sheet:
    return sheet_service.start_sheet(client, therapist)


def issued_for(client, therapist, *, note="Little and often this week.") -> Sheet:
    sheet = draft_for(client, therapist)
    sheet.note = note
    sheet.save()
    return sheet_service.issue_sheet(sheet=sheet, by=therapist)


def sheet_url(sheet: Sheet, suffix: str = "") -> str:
    return f"/clients/{sheet.client_id}/sheets/{sheet.pk}/{suffix}"


def builder_data(sheet: Sheet, action: str = "save", note: str | None = None, **changes) -> dict:
    """The builder form as the page sends it; `changes` maps "<index>-<field>" to a value."""
    items = list(sheet.items.all())
    sheet.refresh_from_db(fields=["revision"])
    data = {
        "revision": str(sheet.revision),  # the builder as loaded now
        "action": action,
        "note": sheet.note if note is None else note,
        "item-TOTAL_FORMS": str(len(items)),
        "item-INITIAL_FORMS": str(len(items)),
        "item-MIN_NUM_FORMS": "0",
        "item-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        prefix = f"item-{index}-"
        data[prefix + "id"] = str(item.pk)
        for name in DOSE_FIELDS:
            value = getattr(item, name)
            if name == "per_side":
                if value:
                    data[prefix + name] = "on"
                continue
            data[prefix + name] = "" if value is None else str(value)
    for key, value in changes.items():
        data[f"item-{key}"] = value
    return data


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    # Lines wrap anywhere: compare text with single spaces.
    return " ".join(result.stdout.split())
