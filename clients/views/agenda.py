"""The therapist's agenda (day and week) and their private calendar feed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import in_practice_time_zone
from clients.calendar import render_calendar
from clients.forms.sessions import AgendaForm
from clients.models import CalendarFeed, Session
from clients.services import sessions
from clients.services.screening import current_screenings
from clinic.access import practice_for

DAY, WEEK = "day", "week"
FEED_PAST, FEED_FUTURE = timedelta(days=60), timedelta(days=366)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@require_GET
@never_cache
@in_practice_time_zone
def agenda(request: HttpRequest) -> HttpResponse:
    form = AgendaForm(request.GET)
    form.is_valid()
    view = form.cleaned_data.get("view") or DAY
    day = form.cleaned_data.get("date") or timezone.localdate()
    first = day - timedelta(days=day.weekday()) if view == WEEK else day
    days = [first + timedelta(days=n) for n in range(7 if view == WEEK else 1)]
    booked = list(
        Session.objects.for_practice(practice_for(request))
        .filter(
            therapist=request.user,
            start__gte=_local_midnight(days[0]),
            start__lt=_local_midnight(days[-1] + timedelta(days=1)),
        )
        .select_related("client")
        .order_by("start")
    )
    # Each client's current screening, for the marks beside their sessions.
    found = current_screenings(list({s.client_id: s.client for s in booked}.values()))
    for session in booked:
        session.screening = found[session.client_id]
    by_day = {d: [] for d in days}
    for session in booked:
        by_day[timezone.localdate(session.start)].append(session)
    step = timedelta(days=7 if view == WEEK else 1)
    context = {
        "view": view,
        "day": day,
        "days": list(by_day.items()),
        "count": len(booked),
        "previous": f"?view={view}&date={(day - step).isoformat()}",
        "next": f"?view={view}&date={(day + step).isoformat()}",
        "today": timezone.localdate(),
    }
    return render(request, "clients/agenda.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def feed_settings(request: HttpRequest) -> HttpResponse:
    practice = practice_for(request)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            sessions.feed_revoke(user=request.user, practice=practice)
            messages.success(request, "Calendar feed turned off: its address no longer works.")
        else:
            sessions.feed_renew(user=request.user, practice=practice)
            messages.success(
                request, "New calendar address made. Any earlier address has stopped working."
            )
        return redirect("clients:feed_settings")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = (
        request.build_absolute_uri(reverse("clients:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "clients/agenda_feed.html", {"feed": feed, "url": url})


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = (
        CalendarFeed.objects.select_related("user__membership__practice")
        .filter(token=token, user__is_active=True, user__membership__isnull=False)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    practice, now = feed.user.membership.practice, timezone.now()
    sessions = (
        Session.objects.for_practice(practice)
        .active()
        .filter(therapist=feed.user, start__gte=now - FEED_PAST, start__lt=now + FEED_FUTURE)
        .select_related("client")
        .only("pk", "start", "length", "updated", "client__first_name", "client__last_name")
        .order_by("start")
    )
    body = render_calendar(
        sessions, host=request.get_host(), name=f"{practice.name} sessions", now=now
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    return response
