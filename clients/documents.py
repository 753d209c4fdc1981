"""What a self-care sheet says: the document the page, the print, the PDF and the issued
snapshot are all rendered from, and the seek-help wording (SCREENING.md section 4, rule 7).

Wording the client reads lives here, in templates and in the plain-language labels of
techniques.vocabulary; the rules live in clients.screening.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings

from clients import screening
from clients.library import as_library_entry
from clients.models import SheetItem
from clinic.models import Country, Practice
from clinic.qr import qr_svg
from techniques import vocabulary as vocab
from techniques.diagrams import REGION_NAMES
from techniques.models import Entry, describe_dose

SNAPSHOT_VERSION = 2
PAPERS = ("a4", "letter")
DOCUMENT = "clients/sheet_document.html"  # the page, the print and the PDF of a sheet


def document_context(doc: dict[str, Any], online_url: str | None, paper: str) -> dict[str, Any]:
    """What DOCUMENT needs: the sheet, the address of its online copy and its QR code (when
    it has a link), and the paper."""
    return {
        "doc": doc,
        "online_url": online_url,
        "qr": sheet_qr(online_url) if online_url else "",
        "paper": paper,
    }


@functools.lru_cache(maxsize=512)
def sheet_qr(online_url: str) -> str:
    """A sheet link's QR code: the same drawing for the same address, so each server
    process draws it once (about 13 ms, a good half of what a link's page costs)."""
    return qr_svg(online_url, title="QR code: open this sheet online")


def paper_for(practice: Practice | None, asked: str = "") -> str:
    """The paper a sheet is printed on: what was asked (`?paper=`) when it is one we
    know, else US Letter for a practice in the Americas and A4 everywhere else."""
    asked = asked.lower()
    if asked in PAPERS:
        return asked
    return "letter" if practice and practice.time_zone.startswith("America/") else "a4"


def item_document(entry: Entry, dose_source: Any, *, override_reason: str = "", codes=()) -> dict:
    """One item as the client reads it; doses in words, steps and cautions as lists."""
    return {
        "slug": entry.slug,
        "name": entry.name,
        "summary": entry.summary,
        "regions": list(entry.regions),
        "region_name": " and ".join(REGION_NAMES.get(code, code) for code in entry.regions),
        "modality": entry.modality,
        "extra_contraindications": sorted(ci.code for ci in entry.extra_contraindications.all()),
        "image_url": entry.image.url if entry.image else "",
        "image_alt": entry.image_alt,
        "steps": steps_for_dose(entry, dose_source),
        "dose": dose_text(entry.modality, dose_source),
        "cautions": entry.caution_list,
        "override_reason": override_reason,
        "override_codes": list(codes),
    }


def _hold_words(dose: Any) -> str | None:
    if not dose.hold_min:
        return None
    unit = "minutes" if dose.hold_unit == "min" else "seconds"
    if dose.hold_max and dose.hold_max != dose.hold_min:
        return f"{dose.hold_min} to {dose.hold_max} {unit}"
    return f"{dose.hold_min} {unit}"


def steps_for_dose(entry: Entry, dose: Any) -> list[str]:
    """The entry's steps with the numbers of its default dose replaced by this dose's, so a
    sheet's steps never contradict the dose printed above them (section 4, rule 6)."""
    steps = entry.step_list
    if dose is entry:
        return steps
    swaps = []
    old_hold, new_hold = _hold_words(entry), _hold_words(dose)
    if old_hold and old_hold != new_hold:
        swaps.append((old_hold, new_hold or "as long as is comfortable"))
    if entry.repetitions and entry.repetitions != dose.repetitions:
        new = f"{dose.repetitions} " if dose.repetitions else "a few "
        for noun in ("times", "slow repetitions"):
            swaps.append((f"{entry.repetitions} {noun}", f"{new}{noun}"))
    changed = []
    for step in steps:
        for old, new in swaps:
            step = re.sub(rf"\b{re.escape(old)}\b", new, step)
        changed.append(step)
    return changed


def dose_text(modality: str, source: Any) -> str:
    """The dose of an item (or an entry) in words, worded as the library words it."""
    text = describe_dose(modality, source)
    return text[:1].upper() + text[1:]


def sheet_document(
    *,
    practice: Practice | None,
    first_name: str,
    day: date,
    therapist: str,
    note: str,
    items: Sequence[SheetItem],
    found=None,
) -> dict[str, Any]:
    """The sheet as data: what the template renders and, once issued, the snapshot.
    `found` is the client's current screening (clients.services.screening)."""
    documents = []
    for item in items:
        codes = ()
        if item.override_reason and found is not None:
            codes = found.verdict(as_library_entry(item.entry)).codes
        documents.append(
            item_document(item.entry, item, override_reason=item.override_reason, codes=codes)
        )
    return {
        "version": SNAPSHOT_VERSION,
        "practice": practice_document(practice),
        "first_name": first_name,
        "date": day.isoformat(),
        "therapist": therapist,
        "note": note.strip(),
        "notice": seek_help_notice(
            found.result if found is not None else None, phone_numbers(practice)
        ),
        "items": documents,
        "help": seek_help_levels(phone_numbers(practice)),
    }


def practice_document(practice: Practice | None) -> dict[str, str]:
    if practice is None:
        return {}
    return {
        "name": practice.name,
        "address": practice.address,
        "phone": practice.phone,
        "email": practice.email,
        "website": practice.website,
        "logo_url": practice.logo.url if practice.logo else "",
    }


SEEK_HELP_WHEN = {
    vocab.EMERGENCY: "Get emergency help now if you have",
    vocab.URGENT: "See a doctor today about",
    vocab.GP_REVIEW: "Book a routine appointment with your doctor soon about",
}


def phone_numbers(practice: Practice | None) -> dict[str, str]:
    """The numbers a client is told to call: the practice's own, else its country's
    (999 and 111 in the UK, 911 in the US and Canada, 000 in Australia, 112 elsewhere)."""
    if practice is None:
        practice = Practice(time_zone=settings.TIME_ZONE)
    emergency, line = practice.phone_numbers
    uk = practice.country_code == Country.UK
    return {
        "emergency": emergency,
        "line": line,
        "place": "A&E (the emergency department)" if uk else "the emergency department",
        "doctor": "your doctor (GP)" if uk else "your doctor",
    }


def seek_help_notice(
    result: dict[str, Any] | None, numbers: dict[str, str] | None = None
) -> dict[str, Any] | None:
    """What the sheet opens with when screening says see a doctor, in plain words: the
    warning signs the client reported, each once, under "now" (emergency), "today"
    (urgent) or "soon" (GP review), as section 1 files them (section 4, rule 7)."""
    if result is None:
        return None
    numbers = numbers or phone_numbers(None)
    line = f", or call {numbers['line']}" if numbers["line"] else ""
    groups = []
    for action in vocab.ACTION_ORDER:
        signs = [
            vocab.RED_FLAGS[flag["code"]].client_label
            for flag in result["red_flags"]
            if flag["action"] == action and not flag["cleared"]
        ]
        if signs:
            groups.append({"level": action, "when": SEEK_HELP_WHEN[action], "signs": signs})
    triage = result["triage"]
    if triage == vocab.EMERGENCY:
        return {
            "level": "emergency",
            "heading": "Please get emergency help now",
            "text": "Some of the signs you told us about need emergency care today. Please "
            f"call {numbers['emergency']} or go to {numbers['place']} now, and "
            "don't wait to see if they settle. Leave the exercises until a doctor says it is "
            "safe; this sheet holds general advice only.",
            "groups": groups,
        }
    if triage == vocab.URGENT:
        return {
            "level": "urgent",
            "heading": "Please see a doctor today",
            "text": "Some of the signs you told us about need a doctor to check you today, "
            f"before any massage or exercises. Please contact {numbers['doctor']} today{line}. "
            "Until a doctor has checked you, this sheet holds general advice only.",
            "groups": groups,
        }
    if result["decision"] == screening.DO_NOT_TREAT:
        reasons = [
            vocab.CONTRAINDICATIONS[ci["code"]].client_label
            for ci in result["contraindications"]
            if ci["class"] == vocab.ABSOLUTE and ci["code"] != vocab.DERIVED_CONTRAINDICATION
        ]
        because = f" because of {'; '.join(reasons)}" if reasons else ""
        return {
            "level": "urgent",
            "heading": "Please check with a doctor first",
            "text": f"We can't give any hands-on treatment at the moment{because}. Please "
            "speak to your doctor, and see one today if you feel unwell or it gets worse. "
            "Until then, this sheet holds general advice only.",
            "groups": groups,
        }
    if triage == vocab.GP_REVIEW:
        return {
            "level": "routine",
            "heading": "Please book a routine check with your doctor",
            "text": f"Your therapist suggests a routine appointment with {numbers['doctor']} to talk "
            "about your back pain. There is no need to rush, and you can carry on with this "
            "sheet in the meantime.",
            "groups": groups,
        }
    return None


def seek_help_levels(numbers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The three levels of SCREENING.md in the client's words; kept in every snapshot."""
    numbers = numbers or phone_numbers(None)
    line = f", or call {numbers['line']}" if numbers["line"] else ""
    emergency = [flag for flag in vocab.RED_FLAGS.values() if flag.action == vocab.EMERGENCY]
    return [
        {
            "level": "emergency",
            "heading": f"Call {numbers['emergency']} or go to {numbers['place']} now if you have",
            "signs": [flag.client_label for flag in emergency],
        },
        {
            "level": "urgent",
            "heading": f"See a doctor the same day{line}, if you have",
            "signs": [
                "a temperature of 38 degrees or more, or you feel generally unwell",
                "pain that started after a fall, accident or injury",
                "pain that is much worse at night or when resting, whatever position you are in",
                "a pulsing or throbbing feeling in your belly",
                "new back pain when you have had cancer, or you are losing weight without trying",
                "numbness, tingling or weakness in your leg that is spreading or getting worse",
            ],
        },
        {
            "level": "routine",
            "heading": f"Book a routine appointment with {numbers['doctor']} if",
            "signs": [
                "your pain is not improving after a few weeks",
                "it keeps getting worse",
                "it stops you doing your normal daily activities or work",
            ],
        },
    ]
