"""Private intake links: the therapist makes one, the client fills in their own intake once.

The public pages (`self_intake`, `self_intake_thanks`) are never cached or indexed, and a
link that can no longer be used names only the practice to ask for a new one, never the
client.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients import audit, consent
from clients.access import get_client_for, get_link_for, require_http_methods_in_practice
from clients.documents import phone_numbers
from clients.forms.intakes import CLIENT, IntakeForm
from clients.forms.links import LinkEmailForm
from clients.models import Intake, IntakeLink, IntakeSource
from clients.services import links as links_service

TRIAGE_SESSION_KEY = "self_intake_triage"
NUMBERS_SESSION_KEY = "self_intake_numbers"


def public_page(view):
    """No login, never stored by a browser or proxy, never indexed by a search engine."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token is in the address, so no request from these pages names it: only the
        # site's origin. (no-referrer would make browsers post the form with `Origin: null`,
        # which the CSRF check refuses.) Pages with no form (sheet links) send no-referrer.
        response.headers.setdefault("Referrer-Policy", "strict-origin")
        return response

    return login_not_required(never_cache(wrapper))


@require_http_methods_in_practice(["POST"])
@never_cache
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the link; it is copied or emailed from its page, never sent by itself."""
    client = get_client_for(request, pk)
    with transaction.atomic():
        link = links_service.intake_link_create(client=client, by=request.user)
        audit.record(request, audit.Action.CREATED, link)
    messages.success(request, "Link made. Copy it, or email it to the client below.")
    return redirect("clients:link_detail", client.pk, link.pk)


@require_http_methods_in_practice(["GET"])
@never_cache
def link_detail(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = get_link_for(request, pk, link_pk)
    audit.record(request, audit.Action.VIEWED, link)
    form = LinkEmailForm(client_email=link.client.email, required=True)
    return _detail_page(request, link, form)


@require_http_methods_in_practice(["POST"])
@never_cache
def link_email(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Email an open link to the client's address on record or to one typed in."""
    link = get_link_for(request, pk, link_pk)
    if not link.is_open:
        messages.info(request, f"This link is {link.state}, so it was not sent.")
        return redirect("clients:link_detail", link.client_id, link.pk)
    form = LinkEmailForm(request.POST, client_email=link.client.email, required=True)
    if not form.is_valid():
        return _detail_page(request, link, form)
    to = form.cleaned_data["send_to"]
    url = _intake_url(request, link)
    if not audit.record_email(
        request, link, send=lambda: links_service.email_intake_link(link, url, to=to)
    ):
        form.add_error(
            "email", f"The email to {to} could not be sent. Try again later, or copy the link."
        )
        return _detail_page(request, link, form)
    messages.success(request, f"Link emailed to {to}.")
    return redirect("clients:link_detail", link.client_id, link.pk)


def _intake_url(request: HttpRequest, link: IntakeLink) -> str:
    return request.build_absolute_uri(reverse("clients:self_intake", args=[link.token]))


def _detail_page(request: HttpRequest, link: IntakeLink, form: LinkEmailForm) -> HttpResponse:
    context = {"link": link, "client": link.client, "url": _intake_url(request, link), "form": form}
    return render(request, "clients/link_detail.html", context)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws the link if it is still open."""
    link = get_link_for(request, pk, link_pk)
    if request.method == "POST":
        if link.is_open:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
            audit.record(request, audit.Action.REVOKED, link)
            messages.success(request, "Link withdrawn: it can no longer be used.")
        else:
            messages.info(request, f"This link is {link.state} already, so nothing changed.")
        return redirect("clients:link_detail", link.client_id, link.pk)
    return render(request, "clients/link_revoke.html", {"link": link, "client": link.client})


def _link_gone(request: HttpRequest, link: IntakeLink) -> HttpResponse:
    """410, with the practice to ask for a new link (the client already knows it)."""
    context = {"practice": link.client.practice}
    return render(request, "clients/link_gone.html", context, status=410)


@public_page
@require_http_methods(["GET", "POST"])
def self_intake(request: HttpRequest, token: str) -> HttpResponse:
    link_pk = IntakeLink.pk_from_token(token)
    link = IntakeLink.objects.select_related("client__practice").filter(pk=link_pk).first()
    if link is None:
        return render(request, "clients/link_invalid.html", status=404)
    if not link.is_open:
        return _link_gone(request, link)
    form = IntakeForm(
        request.POST or None,
        instance=Intake(client=link.client, source=IntakeSource.CLIENT),
        client=link.client,
        audience=CLIENT,
        require_consent=True,
    )
    if request.method == "POST" and form.is_valid():
        intake = links_service.intake_submit(link=link, intake=form.save(commit=False))
        if intake is None:  # the same link was submitted a moment ago
            return _link_gone(request, link)
        audit.record(request, audit.Action.SUBMITTED, intake)
        request.session[TRIAGE_SESSION_KEY] = intake.screen([])["triage"]
        request.session[NUMBERS_SESSION_KEY] = phone_numbers(link.client.practice)
        return redirect("clients:self_intake_thanks")
    context = {"form": form, "client": link.client, "practice": link.client.practice}
    context["numbers"] = phone_numbers(link.client.practice)
    context["consent_paragraphs"] = consent.paragraphs()
    return render(request, "clients/self_intake_form.html", context)


@public_page
@require_http_methods(["GET"])
def self_intake_thanks(request: HttpRequest) -> HttpResponse:
    triage = request.session.get(TRIAGE_SESSION_KEY, "none")
    numbers = request.session.get(NUMBERS_SESSION_KEY) or phone_numbers(None)
    context = {"triage": triage, "numbers": numbers}
    return render(request, "clients/self_intake_thanks.html", context)
