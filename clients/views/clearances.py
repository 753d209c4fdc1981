"""Clearances: a medical professional has cleared a red flag the client reported.

The flags offered are those of the client's current screening: from the signed intake,
a check-in since, or a self-intake waiting for review. A clearance belongs to the current
signed intake: a newer one starts afresh, so flags reported again must be cleared again.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients import audit
from clients.access import get_client_for, get_intake_for, require_http_methods_in_practice
from clients.forms.clearances import ClearanceForm
from clients.services import intakes
from clients.services.screening import current_screening
from clients.summary import summarise


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def client_clearance_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    found = current_screening(client)
    red_flags = summarise(found.result, {}).red_flags
    since = found.intake.signed_at if found.intake else client.created
    form = ClearanceForm(request.POST or None, since=since, red_flags=red_flags)
    if request.method == "POST" and form.is_valid():
        try:
            clearance = intakes.clearance_record(
                client=client, clearance=form.save(commit=False), by=request.user
            )
        except intakes.IntakeRefused as refused:  # cleared by someone else a moment ago
            form.add_error("code", str(refused))
        else:
            audit.record(request, audit.Action.CLEARED, clearance, client=client)
            messages.success(request, f"{clearance.code} cleared by {clearance.cleared_by}.")
            return redirect(client)
    if request.method == "GET":
        audit.record(request, audit.Action.VIEWED, client)
    context = {
        "client": client,
        "intake": found.intake,
        "form": form,
        "red_flags": red_flags,
        "clearances": found.clearances,  # those that count now, not a former intake's
    }
    return render(request, "clients/clearance_form.html", context)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def clearance_create(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    """The older address, under an intake: the same form, for the client's current flags."""
    get_intake_for(request, pk, intake_pk)
    return client_clearance_create(request, pk)
