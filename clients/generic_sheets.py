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
from techniques.models import Entry, contraindications_blocking

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


# Who should not use a public sheet without advice, in the client's words (issue 16). A
# line is shown when screening would block an item on the sheet for one of its codes
# (techniques.vocabulary.codes_that_can_block), so the list follows the sheet's items.
NOT_FOR_YOU: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"CI08"}), "you are pregnant"),
    (
        frozenset({"CI14"}),
        "you have thin bones (osteoporosis) or a recent broken bone, or have taken steroid "
        "medicine for a long time",
    ),
    (
        frozenset({"CI03", "CI12"}),
        "you have or had a blood clot in a leg, or take blood thinners, or bruise or bleed easily",
    ),
    (
        frozenset({"CI09", "CI22"}),
        "you have had an operation on your hip, belly or pelvis recently, or have a hip "
        "replacement",
    ),
    (frozenset({"CI18"}), "your leg pain flares up with light touch or gentle movement"),
)


def not_for_you(entries: list[Entry]) -> list[str]:
    """The NOT_FOR_YOU lines that apply to these items."""
    codes: set[str] = set()
    for entry in entries:
        codes.update(contraindications_blocking(entry))
    return [words for blocking, words in NOT_FOR_YOU if blocking & codes]


def generic_entries(sheet: GenericSheet) -> list[Entry]:
    """Published self-care items of the sheet's patterns that need no per-client switch."""
    pattern_filter = Q()
    for pattern in sheet.patterns:
        pattern_filter |= Q(patterns__contains=pattern)
    entries = (
        Entry.objects.published()
        .self_care()
        .filter(pattern_filter, needs_client_switch=False)
        .prefetch_related("extra_contraindications")
        .order_by("name")
    )
    # CodeListField stores text: "contains" could match a longer code, so check exactly.
    chosen = [e for e in entries if set(e.patterns) & set(sheet.patterns)]
    # Exercises first, everyday advice last.
    return sorted(chosen, key=lambda e: (e.modality == vocab.ADVICE, e.name))


def generic_document(sheet: GenericSheet, practice: Practice | None) -> dict[str, Any]:
    entries = generic_entries(sheet)
    return {
        "version": SNAPSHOT_VERSION,
        "practice": practice_document(practice),
        "first_name": "",
        "date": "",
        "therapist": "",
        "note": "",
        "notice": None,
        "items": [item_document(entry, entry) for entry in entries],
        "not_for_you": not_for_you(entries),
        "help": seek_help_levels(phone_numbers(practice)),
        "title": sheet.title,
        "about": sheet.about,
    }
