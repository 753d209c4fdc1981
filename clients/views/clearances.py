"""Clearances: a medical professional has cleared a red flag of a signed intake.

A clearance belongs to one intake: a newer signed intake starts with none, so flags that
are reported again must be cleared again. The client page re-screens on its own.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients import audit
from clients.access import get_intake_for, require_http_methods_in_practice
from clients.forms.clearances import ClearanceForm
from clients.summary import summarise

ALREADY_CLEARED = "This red flag has just been cleared by someone else; it is cleared once only."


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def clearance_create(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request, pk, intake_pk)
    if not intake.is_signed:
        raise Http404("Only the red flags of a signed intake can be cleared.")
    # Red flags don't depend on the library, so screening runs without it.
    red_flags = summarise(intake.screen([]), {}).red_flags
    form = ClearanceForm(request.POST or None, intake=intake, red_flags=red_flags)
    if request.method == "POST" and form.is_valid():
        clearance = form.save(commit=False)
        clearance.intake, clearance.recorded_by = intake, request.user
        try:
            with transaction.atomic():
                clearance.save()
        except IntegrityError:
            form.add_error("code", ALREADY_CLEARED)
        else:
            audit.record(request, audit.Action.CLEARED, clearance, client=intake.client)
            messages.success(request, f"{clearance.code} cleared by {clearance.cleared_by}.")
            return redirect(intake.client)
    context = {"client": intake.client, "intake": intake, "form": form, "red_flags": red_flags}
    return render(request, "clients/clearance_form.html", context)
