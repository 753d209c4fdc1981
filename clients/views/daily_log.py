"""The client's daily log, posted from the "Today" panel of a sheet's private link.

Protected like the link's page: CSRF, the link's rate limit (the same count as its page
and PDF), no-store; a withdrawn or expired link says so and saves nothing. A valid entry is
saved and audited in one transaction and the page comes back by redirect (post, redirect,
get), so reloading it never posts again; posting twice anyway leaves one entry a day.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from clients import audit
from clients.forms.daily_log import daily_log_form
from clients.services import daily_log as daily_log_service
from clients.services import sheets as sheet_service
from clients.services.screening import current_screening
from clients.views.sheets import _shared_link, link_page, private_sheet_page


def _posted_page(view):
    return private_sheet_page(view, methods=["POST"])


@_posted_page
def daily_log(request: HttpRequest, token: str) -> HttpResponse:
    link = _shared_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    sheet = link.sheet
    doc = sheet_service.link_document(sheet, current_screening(sheet.client))
    form = daily_log_form(sheet, doc, request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was saved yet: please see the message below.")
        return link_page(request, link, token, log_data=request.POST)
    with transaction.atomic():  # the entry and its audit row, or neither
        entry = daily_log_service.save_entry(
            sheet=sheet,
            day=form.offer.day,
            done=form.cleaned_data["done"],
            pain=form.cleaned_data["pain"],
            note=form.cleaned_data["note"],
        )
        audit.record(request, audit.Action.SUBMITTED, entry, client=sheet.client)
    messages.success(request, "Saved. You can change today's entry until the end of the day.")
    return redirect(reverse("clients:shared_sheet", args=[token]) + "#today")
