"""What the referral letter to the client's doctor says (clients/views/referral.py shows
it as a page and a PDF; the record export includes it).

The letter follows the client's current screening: its red flags (entered or derived, cleared
or not), the pain map in words, what screening meant for treatment, and a request for a
medical assessment. With no signed intake or no red flag there is nothing to refer.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from clients.models import Client
from clients.services.screening import current_screening
from techniques import vocabulary as vocab

TEMPLATE = "clients/referral_letter.html"


def letter_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    """What the letter says; `flags` is empty when there is nothing to refer. The flags are
    those of the client's current screening: the signed intake, every check-in since and
    any self-intake waiting for review (each with the day it was reported)."""
    found = current_screening(client, library=[])
    intake = found.intake
    context: dict[str, Any] = {"client": client, "intake": intake, "flags": []}
    if intake is None and not found.result["red_flags"]:
        return context
    result = found.result
    cleared = set(found.answers.get("cleared", []))
    clearances = {c.code: c for c in found.clearances if c.code in cleared}
    reported_later = {
        report.code: timezone.localdate(report.at)
        for report in found.reports
        if report.source != "intake"
    }
    most_serious_first = sorted(
        result["red_flags"],
        key=lambda flag: (vocab.ACTION_ORDER.index(flag["action"]), flag["code"]),
    )
    answers_from = intake or (found.pending[0] if found.pending else None)
    context.update(
        practice=client.practice,
        signed_on=timezone.localdate(intake.signed_at) if intake else None,
        triage=result["triage"],
        flags=[
            {
                **flag,
                "label": vocab.RED_FLAGS[flag["code"]].label,
                "clearance": clearances.get(flag["code"]),
                "reported_on": reported_later.get(flag["code"]),
            }
            for flag in most_serious_first
        ],
        pain_regions=[
            region.label
            for code, region in vocab.PAIN_REGIONS.items()
            if answers_from and code in answers_from.pain_regions
        ],
        symptoms=[
            symptom.label
            for code, symptom in vocab.SYMPTOMS.items()
            if answers_from and code in answers_from.symptoms
        ],
        reported_at_check_in=bool(reported_later),
        therapist=request.user,
        today=timezone.localdate(),
    )
    return context
