"""The one way views reach client records: scoped to the signed-in user's practice.

Anything else (another practice, a site admin with no practice, a wrong id) is a 404.
"""

from __future__ import annotations

import zoneinfo
from functools import wraps

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clients import audit
from clients.models import Client, Intake, IntakeLink, Session, Sheet
from clinic.access import practice_for


def clients_for(request: HttpRequest):
    return Client.objects.for_practice(practice_for(request))


def get_client_for(request: HttpRequest, pk: int) -> Client:
    return get_object_or_404(clients_for(request).select_related("practice"), pk=pk)


def get_intake_for(request: HttpRequest, client_pk: int, pk: int) -> Intake:
    client = get_client_for(request, client_pk)
    intake = get_object_or_404(
        Intake.objects.select_related("signed_by").prefetch_related("clearances"),
        client=client,
        pk=pk,
    )
    intake.client = client
    return intake


def get_link_for(request: HttpRequest, client_pk: int, pk: int) -> IntakeLink:
    client = get_client_for(request, client_pk)
    return get_object_or_404(IntakeLink, client=client, pk=pk)


def get_sheet_for(request: HttpRequest, client_pk: int, pk: int) -> Sheet:
    """A sheet of one of the practice's clients, with its client and its people, in one query."""
    return get_object_or_404(
        Sheet.objects.select_related("client__practice", "created_by", "issued_by"),
        client__practice=practice_for(request),
        client_id=client_pk,
        pk=pk,
    )


def require_http_methods_in_practice(methods: list[str]):
    """`require_http_methods` after the practice check: to another practice every method
    of a client's page is a 404, so a 405 never confirms that the record exists. Every
    client-scoped GET that shows the record leaves a view row in the audit trail, whether
    or not the view wrote a more precise one itself; every other method runs in one
    transaction, so a change is never saved without its audit row."""

    def decorator(view):
        checked = require_http_methods(methods)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                get_client_for(request, pk)
            if request.method in ("GET", "HEAD"):
                response = checked(request, pk, *args, **kwargs)
            else:
                # A change and its audit row are written together, or neither is.
                with transaction.atomic():
                    response = checked(request, pk, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200:
                audit.record_page_view(request, client_pk=pk)
            return response

        return wrapper

    return decorator


def get_session_for(request: HttpRequest, client_pk: int, session_pk: int) -> Session:
    """A session of one of the practice's clients, with its client, therapist, check-in
    and note, in one query."""
    return get_object_or_404(
        Session.objects.select_related("client__practice", "therapist", "check_in", "note"),
        client__practice=practice_for(request),
        client_id=client_pk,
        pk=session_pk,
    )


def in_practice_time_zone(view):
    """Run the view (and render its page) in the practice's time zone: times typed into
    forms are read, and times on the page shown, as the practice's clocks show them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with timezone.override(zoneinfo.ZoneInfo(practice_for(request).time_zone)):
            return view(request, *args, **kwargs)

    return wrapper
