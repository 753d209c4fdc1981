"""Client records: list, create, edit, archive, and the client page with its screening."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients import audit
from clients.access import (
    clients_for,
    get_client_for,
    in_practice_time_zone,
    require_http_methods_in_practice,
)
from clients.forms.clients import ClientForm, ClientSearchForm
from clients.progress import sessions_panel
from clients.services.daily_log import adherence
from clients.services.screening import current_screening
from clients.summary import summarise
from clinic.access import practice_for

PAGE_SIZE = 25


@require_http_methods(["GET"])
@never_cache
def client_list(request: HttpRequest) -> HttpResponse:
    form = ClientSearchForm(request.GET or None)
    clients = clients_for(request)
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if not form.cleaned_data["archived"]:
            clients = clients.active()
        clients = clients.search(query)
    else:
        clients = clients.active()
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query": query, "params": params.urlencode()}
    return render(request, "clients/client_list.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = form.save(commit=False)
        client.practice = practice_for(request)
        client.created_by = request.user
        with transaction.atomic():  # the client and its audit row, or neither
            client.save()
            audit.record(request, audit.Action.CREATED, client)
        messages.success(
            request, "Client added. Next, take their intake or send them an intake link."
        )
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form})


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, audit.Action.CHANGED, client)
        messages.success(request, "Client details saved.")
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def client_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST archives (or restores with restore=1)."""
    client = get_client_for(request, pk)
    if request.method == "POST":
        client.archived = request.POST.get("restore") != "1"
        client.save(update_fields=["archived", "updated"])
        audit.record(
            request, audit.Action.ARCHIVED if client.archived else audit.Action.CHANGED, client
        )
        messages.success(request, "Client archived." if client.archived else "Client restored.")
        return redirect("clients:list" if client.archived else client.get_absolute_url())
    return render(request, "clients/client_archive.html", {"client": client})


@require_http_methods_in_practice(["GET"])
@never_cache
@in_practice_time_zone
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    intakes = list(client.intakes.select_related("signed_by"))
    found = current_screening(client)
    audit.record(request, audit.Action.VIEWED, client)
    context = {
        "client": client,
        "intakes": intakes,
        "current": found.intake,
        "found": found,
        "drafts": [intake for intake in intakes if not intake.is_signed],
        "summary": summarise(found.result, found.names),
        "links": client.intake_links.all()[:5],
        **sessions_panel(client),
        "adherence": adherence(client),
    }
    return render(request, "clients/client_detail.html", context)
