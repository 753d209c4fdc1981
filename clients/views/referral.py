"""The referral letter to the client's doctor: a printable page and the same letter as a PDF
(what it says: clients/referral.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients import audit
from clients.access import get_client_for, require_http_methods_in_practice
from clients.referral import TEMPLATE, letter_context
from clinic.pdf import pdf_response, render_pdf


@require_http_methods_in_practice(["GET"])
@never_cache
def referral_letter(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    context = letter_context(request, client)
    if not context["flags"]:
        return render(request, "clients/referral_nothing.html", context)
    audit.record(request, audit.Action.PRINTED, context["intake"])
    return render(request, TEMPLATE, context)


@require_http_methods_in_practice(["GET"])
@never_cache
def referral_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    context = letter_context(request, client)
    if not context["flags"]:
        return redirect("clients:referral", client.pk)
    pdf = render_pdf(TEMPLATE, context, request=request)
    audit.record(request, audit.Action.DOWNLOADED, context["intake"])
    # No client name in the file name: downloads folders and mail attachments show it.
    return pdf_response(pdf, f"referral-{client.pk}-{context['today']:%Y-%m-%d}.pdf")
