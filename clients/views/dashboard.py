import zoneinfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clients.services.daily_log import pain_rises
from clients.services.today import therapists_day
from clinic.access import membership_for


def dashboard(request: HttpRequest) -> HttpResponse:
    """The therapist's day: what needs them first, then today's sessions in time order,
    each with its next step. Today is the practice's today."""
    membership = membership_for(request)
    if membership is None:
        return render(request, "clients/dashboard.html", {"membership": None})
    practice = membership.practice
    with timezone.override(zoneinfo.ZoneInfo(practice.time_zone)):
        day = therapists_day(practice, request.user)
        context = {
            "membership": membership,
            "day": day,
            "pending_self_intakes": day.needs.self_intakes,
            "pain_rises": pain_rises(practice),
        }
        return render(request, "clients/dashboard.html", context)
