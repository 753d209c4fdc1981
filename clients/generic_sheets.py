"""The generic psoas and sciatica sheets, public at /sheets/<pattern>/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from clients.documents import (
    SNAPSHOT_VERSION,
    item_document,
    phone_numbers,
    practice_document,
    seek_help_levels,
)
from clinic.models import Practice
from techniques import vocabulary as vocab
from techniques.models import Entry

ALL_PATTERNS = "all"


@dataclass(frozen=True)
class GenericSheet:
    slug: str
    title: str
    patterns: tuple[str, ...]
    about: str


GENERIC_SHEETS = {
    "psoas": GenericSheet(
        "psoas",
        "Psoas self-care",
        (vocab.PSOAS, ALL_PATTERNS),
        "Gentle stretches and everyday habits for a tight or irritated deep hip flexor "
        "(the psoas), which can add to low back and hip pain.",
    ),
    "sciatica": GenericSheet(
        "sciatica",
        "Sciatica self-care",
        (vocab.SCIATICA, vocab.DEEP_GLUTEAL, ALL_PATTERNS),
        "Gentle stretches, nerve-friendly movement and everyday habits for pain that "
        "spreads from the back or buttock down the leg (sciatica).",
    ),
}


def generic_entries(sheet: GenericSheet) -> list[Entry]:
    """Published self-care items of the sheet's patterns that need no per-client switch."""
    pattern_filter = Q()
    for pattern in sheet.patterns:
        pattern_filter |= Q(patterns__contains=pattern)
    entries = (
        Entry.objects.published()
        .self_care()
        .filter(pattern_filter, needs_client_switch=False)
        .order_by("name")
    )
    # CodeListField stores text: "contains" could match a longer code, so check exactly.
    chosen = [e for e in entries if set(e.patterns) & set(sheet.patterns)]
    # Exercises first, everyday advice last.
    return sorted(chosen, key=lambda e: (e.modality == vocab.ADVICE, e.name))


def generic_document(sheet: GenericSheet, practice: Practice | None) -> dict[str, Any]:
    return {
        "version": SNAPSHOT_VERSION,
        "practice": practice_document(practice),
        "first_name": "",
        "date": "",
        "therapist": "",
        "note": "",
        "notice": None,
        "items": [item_document(entry, entry) for entry in generic_entries(sheet)],
        "help": seek_help_levels(phone_numbers(practice)),
        "title": sheet.title,
        "about": sheet.about,
    }
