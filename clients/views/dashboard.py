from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.models import Intake, IntakeSource
from clinic.access import membership_for


def dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    context = {"membership": membership}
    if membership:
        practice = membership.practice
        context["pending_self_intakes"] = (
            Intake.objects.drafts()
            .filter(client__practice=practice, source=IntakeSource.CLIENT)
            .select_related("client")
            .order_by("-created")[:20]
        )
        context["client_count"] = practice.clients.filter(archived=False).count()
        context["recent_clients"] = practice.clients.filter(archived=False).order_by("-updated")[:8]
    return render(request, "clients/dashboard.html", context)
