"""What the referral letter to the client's doctor says (clients/views/referral.py shows
it as a page and a PDF; the record export includes it).

The letter follows the current signed intake: its red flags (entered or derived, cleared
or not), the pain map in words, what screening meant for treatment, and a request for a
medical assessment. With no signed intake or no red flag there is nothing to refer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone

from clients import screening
from clients.models import CheckIn, Client
from clients.planning import session_answers
from techniques import vocabulary as vocab

TEMPLATE = "clients/referral_letter.html"


def letter_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    """What the letter says; `flags` is empty when there is nothing to refer."""
    intake = client.current_intake()
    context: dict[str, Any] = {"client": client, "intake": intake, "flags": []}
    if intake is None:
        return context
    intake.client = client
    prefetch_related_objects([intake], "clearances")
    # A red flag reported at a session's check-in since the intake was signed belongs in
    # the letter too (the session was stopped for it); reported again, an earlier
    # clearance of it no longer counts.
    reported_at_check_in = {
        code: timezone.localdate(check_in.created)
        for check_in in CheckIn.objects.filter(
            session__client=client, created__gte=intake.signed_at
        ).order_by("created")
        for code in check_in.new_red_flags
    }
    answers = session_answers(intake.answers(), reported_at_check_in)
    # Red flags don't depend on the library, so screening runs without it.
    result = screening.screen(answers, [])
    clearances = {
        clearance.code: clearance
        for clearance in intake.clearances.all()
        if clearance.code not in reported_at_check_in
    }
    most_serious_first = sorted(
        result["red_flags"],
        key=lambda flag: (vocab.ACTION_ORDER.index(flag["action"]), flag["code"]),
    )
    context.update(
        practice=client.practice,
        signed_on=timezone.localdate(intake.signed_at),
        triage=result["triage"],
        flags=[
            {
                **flag,
                "label": vocab.RED_FLAGS[flag["code"]].label,
                "clearance": clearances.get(flag["code"]),
                "reported_on": reported_at_check_in.get(flag["code"]),
            }
            for flag in most_serious_first
        ],
        pain_regions=[
            region.label
            for code, region in vocab.PAIN_REGIONS.items()
            if code in intake.pain_regions
        ],
        symptoms=[
            symptom.label for code, symptom in vocab.SYMPTOMS.items() if code in intake.symptoms
        ],
        reported_at_check_in=bool(reported_at_check_in),
        therapist=request.user,
        today=timezone.localdate(),
    )
    return context
