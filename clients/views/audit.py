"""The practice's audit trail, for its owner: newest first, filtered by client, action, dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clients.access import in_practice_time_zone
from clients.forms.audit import AuditFilterForm
from clients.models import AuditEvent
from clinic.access import owner_required, practice_for

PAGE_SIZE = 50


@owner_required
@require_GET
@never_cache
@in_practice_time_zone
def audit_trail(request: HttpRequest) -> HttpResponse:
    practice = practice_for(request)
    form = AuditFilterForm(request.GET or None, practice=practice)
    events = AuditEvent.objects.filter(practice=practice).select_related("user", "client")
    chosen = None
    if form.is_bound:
        form.is_valid()  # shows the errors; the valid filters still apply
        chosen = form.cleaned_data.get("client")
        events = _filtered(events, form.cleaned_data)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.client_number = event.client_ref.removeprefix("client ")
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "chosen": chosen, "params": params.urlencode()}
    return render(request, "clients/audit_trail.html", context)


def _filtered(events, filters: dict):
    """Dates are the practice's calendar days (the view runs in its time zone)."""
    if filters.get("client"):
        events = events.filter(client_ref=filters["client"].ref)
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("start"):
        events = events.filter(
            at__gte=timezone.make_aware(datetime.combine(filters["start"], time.min))
        )
    if filters.get("end"):
        next_day = filters["end"] + timedelta(days=1)
        events = events.filter(at__lt=timezone.make_aware(datetime.combine(next_day, time.min)))
    return events
