from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.models import Intake
from clients.services.daily_log import pain_rises
from clients.services.screening import current_screenings
from clinic.access import membership_for


def dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    context = {"membership": membership}
    if membership:
        practice = membership.practice
        pending = list(
            Intake.objects.pending_self_intakes()
            .filter(client__practice=practice)
            .select_related("client")
            .order_by("-created")[:20]
        )
        # Those reporting red flags first: their flags already count for the client.
        pending.sort(key=lambda intake: not intake.red_flags)
        context["pending_self_intakes"] = pending
        context["client_count"] = practice.clients.filter(archived=False).count()
        recent = list(practice.clients.filter(archived=False).order_by("-updated")[:8])
        found = current_screenings(recent)  # one batch: the same queries for any number
        for client in recent:
            client.screening = found[client.pk]
        context["recent_clients"] = recent
        context["pain_rises"] = pain_rises(practice)
    return render(request, "clients/dashboard.html", context)
