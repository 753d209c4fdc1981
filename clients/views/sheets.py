"""Self-care sheets: the builder, issuing, print and PDF, private links, generic sheets.

The therapist's pages go through `get_sheet_for`, so another practice gets a 404 for
every method. The public pages (a private link, the generic sheets) are never stored by
a browser or proxy, send no referrer, are rate limited per link and address, and a link
that can't be used says nothing about whose it was.
"""

from __future__ import annotations

from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients import audit, documents, generic_sheets, pdf_keys, revisions
from clients.access import (
    get_client_for,
    get_sheet_for,
    in_practice_time_zone,
    require_http_methods_in_practice,
)
from clients.forms.daily_log import daily_log_form
from clients.forms.sheets import (
    OverrideForm,
    SheetItemForm,
    SheetItemFormSet,
    SheetLinkForm,
    SheetNoteForm,
    saved_sheet,
)
from clients.models import Sheet, SheetLink, SheetLinkEvent
from clients.services import daily_log as daily_log_service
from clients.services import links as link_service
from clients.services import sheets as sheet_service
from clients.services.screening import current_screening
from clients.summary import DECISION_DISPLAY
from clients.views.links import public_page
from clinic import ratelimit
from clinic.access import membership_for
from clinic.pdf import cached_pdf, pdf_response, render_pdf, render_pdf_cached
from clinic.request_data import safe_next
from techniques import vocabulary as vocab
from techniques.models import Entry

RATE_LIMIT = 30  # anonymous sheet requests a minute, per link (or sheet) and address


# --- The builder -----------------------------------------------------------------------------


@require_http_methods_in_practice(["POST"])
@never_cache
def sheet_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft with the suggested items, or a copy of an issued sheet without what
    screening now blocks (`copy` names it)."""
    client = get_client_for(request, pk)
    copy_from = None
    if request.POST.get("copy"):
        copy_from = get_object_or_404(client.sheets, pk=_int(request.POST["copy"]))
    sheet = sheet_service.start_sheet(client, request.user, copy_from=copy_from)
    audit.record(request, audit.Action.CREATED, sheet, client=client)
    if copy_from:
        messages.success(
            request, "New draft made from the earlier sheet, without what screening now blocks."
        )
    return redirect("clients:sheet_builder", client.pk, sheet.pk)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def sheet_builder(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    sheet = get_sheet_for(request, pk, sheet_pk)
    if request.method == "GET" and sheet.is_issued:
        return _issued_page(request, sheet)
    builder = sheet_service.load_builder(sheet)
    if request.method == "GET":
        audit.record(request, audit.Action.VIEWED, sheet, client=sheet.client)
        return _builder_page(request, builder, _builder_forms(builder, None))
    loaded = revisions.loaded_revision(request.POST)
    if sheet.is_issued or loaded != sheet.revision:
        return _conflict(request, sheet, loaded)
    forms = _builder_forms(builder, request.POST)
    if not _forms_valid(forms):
        messages.error(
            request, "Please correct the fields marked below; everything you typed is kept."
        )
        return _builder_page(request, builder, forms)
    try:
        with sheet_service.draft_change(sheet, loaded):
            changed = _save_forms(forms)
            response = _apply_action(request, builder, request.POST.get("action", "save"), changed)
    except revisions.Stale:  # someone saved or issued it a moment ago
        return _conflict(request, sheet, loaded)
    return response or redirect("clients:sheet_builder", pk, sheet_pk)


def _builder_forms(builder: sheet_service.Builder, data) -> dict[str, Any]:
    sheet = builder.sheet
    formset = SheetItemFormSet(data, queryset=sheet.items.all(), prefix="item")
    formset.queryset._result_cache = builder.items  # the items already loaded, in order
    overrides = {
        option.entry.slug: OverrideForm(
            data if data and data.get("action") == f"override:{option.entry.slug}" else None,
            prefix=f"override-{option.entry.slug}",
        )
        for option in builder.overridable
    }
    return {"note": SheetNoteForm(data, instance=sheet), "items": formset, "overrides": overrides}


def _forms_valid(forms: dict[str, Any]) -> bool:
    # Both run, so every field with a problem gets its message.
    return all([forms["note"].is_valid(), forms["items"].is_valid()])


def _save_forms(forms: dict[str, Any]) -> bool:
    """Save the note and the doses (inside `sheet_service.draft_change`); True if any changed."""
    changed = forms["note"].has_changed() or forms["items"].has_changed()
    forms["note"].save()
    forms["items"].save()
    return changed


def _apply_action(
    request: HttpRequest, builder: sheet_service.Builder, action: str, changed: bool = False
) -> HttpResponse | None:
    """Add, override, remove, move, preview; a refused change comes back as a message."""
    sheet = builder.sheet
    verb, _, target = action.partition(":")
    try:
        if verb == "add":
            sheet_service.add_item(builder, _entry_by_slug(builder, target))
        elif verb == "override":
            form = OverrideForm(request.POST, prefix=f"override-{target}")
            if not form.is_valid():
                messages.error(request, "Write the reason beside the item you want to add.")
                # What was typed is saved by now: the page carries the new revision.
                data = request.POST.copy()
                data[revisions.FIELD] = str(sheet.revision)
                return _builder_page(request, builder, _builder_forms(builder, data))
            sheet_service.add_item(
                builder,
                _entry_by_slug(builder, target),
                override_reason=form.cleaned_data["reason"],
            )
        elif verb == "remove":
            sheet_service.remove_item(sheet, _int(target))
        elif verb in ("up", "down"):
            sheet_service.move_item(sheet, _int(target), -1 if verb == "up" else 1)
        elif verb == "preview":
            return redirect("clients:sheet_print", sheet.client_id, sheet.pk)
        else:
            messages.success(request, "Sheet saved.")
    except sheet_service.SheetError as error:
        messages.error(request, str(error))
    if changed or verb in ("add", "override", "remove", "up", "down"):
        audit.record(request, audit.Action.CHANGED, sheet, client=sheet.client)
    return None


def _entry_by_slug(builder: sheet_service.Builder, slug: str) -> Entry:
    entry = next((e for e in builder.entries.values() if e.slug == slug), None)
    if entry is None:
        raise sheet_service.SheetError("That item is not in the published library.")
    return entry


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such item.") from None


def _builder_page(
    request: HttpRequest,
    builder: sheet_service.Builder,
    forms: dict[str, Any],
    status: int = 200,
    conflict: revisions.Conflict | None = None,
) -> HttpResponse:
    item_forms = {form.instance.pk: form for form in forms["items"].forms}
    rows = []
    for item in builder.items:
        # An item someone else added meanwhile has no form of this user's: its own.
        form = item_forms.get(item.pk) or SheetItemForm(instance=item, prefix=f"latest-{item.pk}")
        # Each item is one line; its fields open in place when they hold a problem or a
        # change not saved yet, so nothing typed is hidden behind a closed line.
        is_open = form.is_bound and (bool(form.errors) or form.has_changed())
        rows.append(
            {"item": item, "form": form, "verdict": builder.item_verdict(item), "open": is_open}
        )
    context = {
        "sheet": builder.sheet,
        "client": builder.sheet.client,
        "builder": builder,
        "state": builder.state,
        "notice": documents.seek_help_notice(
            builder.state.result, documents.phone_numbers(builder.sheet.client.practice)
        ),
        "decision_label": DECISION_DISPLAY.get(builder.state.decision, ("", ""))[1],
        "likely": [vocab.PATTERNS[code].label for code in builder.state.likely_patterns],
        "rows": rows,
        "forms": forms,
        "overrides": [
            {"option": option, "form": forms["overrides"][option.entry.slug]}
            for option in builder.overridable
        ],
        "conflict": conflict,
    }
    return render(request, "clients/sheet_builder.html", context, status=status)


def _conflict(request: HttpRequest, sheet: Sheet, loaded: int | None) -> HttpResponse:
    """The builder again, holding what the user typed, with the stored sheet above it."""
    stored = Sheet.objects.select_related("issued_by").get(pk=sheet.pk)
    stored.client = sheet.client
    builder = sheet_service.load_builder(stored)

    def page(conflict) -> HttpResponse:
        forms = _builder_forms(builder, request.POST)
        return _builder_page(request, builder, forms, status=409, conflict=conflict)

    return revisions.conflict_response(
        request,
        stored,
        client_id=sheet.client_id,
        loaded=loaded,
        noun="sheet",
        latest_url=stored.get_absolute_url(),
        saved=saved_sheet(stored, builder.items),
        render=page,
        advice=_unmade_change(builder, request.POST.get("action", "save")),
    )


def _unmade_change(builder: sheet_service.Builder, action: str) -> str:
    """The item change the user asked for along with their save, which wasn't made either."""
    verb, _, target = action.partition(":")
    if verb in ("add", "override"):
        entry = next((e for e in builder.entries.values() if e.slug == target), None)
        name = entry.name if entry else "the item"
        return f"Adding {name} wasn't done either."
    if verb in ("remove", "up", "down"):
        item = next((i for i in builder.items if str(i.pk) == target), None)
        name = item.entry.name if item else "an item that has been removed meanwhile"
        doing = {"remove": "Removing", "up": "Moving up", "down": "Moving down"}[verb]
        return f"{doing} {name} wasn't done either."
    return ""


@require_http_methods_in_practice(["POST"])
@never_cache
def sheet_issue(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    """Issue the draft; the builder's fields, when sent along, are saved first."""
    sheet = get_sheet_for(request, pk, sheet_pk)
    if sheet.is_issued:
        messages.info(request, "This sheet was issued already.")
        return redirect("clients:sheet_builder", pk, sheet_pk)
    builder = sheet_service.load_builder(sheet)
    loaded = None
    if "item-TOTAL_FORMS" in request.POST:  # the builder's fields came along: save them first
        loaded = revisions.loaded_revision(request.POST)
        if loaded != sheet.revision:
            return _conflict(request, sheet, loaded)
        forms = _builder_forms(builder, request.POST)
        if not _forms_valid(forms):
            messages.error(request, "Please correct the fields marked below; nothing was issued.")
            return _builder_page(request, builder, forms)
        try:
            with sheet_service.draft_change(sheet, loaded):
                if _save_forms(forms):
                    audit.record(request, audit.Action.CHANGED, sheet, client=sheet.client)
        except revisions.Stale:
            return _conflict(request, sheet, loaded)
        loaded = sheet.revision  # issue exactly what was just saved
    try:
        sheet_service.issue_sheet(sheet=sheet, by=request.user, loaded=loaded)
    except revisions.Stale:
        return _conflict(request, sheet, loaded)
    except sheet_service.SheetError as error:
        messages.error(request, str(error))
        return redirect("clients:sheet_builder", pk, sheet_pk)
    audit.record(request, audit.Action.ISSUED, sheet, client=sheet.client)
    _render_pdf_ahead(request, sheet, None)
    messages.success(request, "Sheet issued. Print it, download the PDF or share a private link.")
    return redirect("clients:sheet_builder", pk, sheet_pk)


def _issued_page(request: HttpRequest, sheet: Sheet) -> HttpResponse:
    found = current_screening(sheet.client)
    links = list(sheet.links.prefetch_related("events"))
    for link in links:
        link.url = request.build_absolute_uri(reverse("clients:shared_sheet", args=[link.token]))
        events = list(link.events.all())
        link.views = sum(1 for e in events if e.kind == SheetLinkEvent.Kind.VIEWED)
        link.downloads = len(events) - link.views
        link.recent_events = events[:8]
    audit.record(request, audit.Action.VIEWED, sheet, client=sheet.client)
    context = {
        "sheet": sheet,
        "client": sheet.client,
        "doc": sheet.snapshot,
        "blocked_now": sheet_service.paused_items(sheet, found),
        "links": links,
        "link_form": SheetLinkForm(client_email=sheet.client.email),
    }
    return render(request, "clients/sheet_detail.html", context)


# --- Print and PDF for the therapist ----------------------------------------------------------


@require_http_methods_in_practice(["GET"])
@never_cache
def sheet_print(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    """The printable sheet; a draft shows as a preview that can't be printed."""
    sheet = get_sheet_for(request, pk, sheet_pk)
    if sheet.is_issued:
        doc = sheet.snapshot
        audit.record(request, audit.Action.PRINTED, sheet, client=sheet.client)
    else:
        builder = sheet_service.load_builder(sheet)
        doc = documents.sheet_document(
            practice=sheet.client.practice,
            first_name=sheet.client.first_name,
            day=timezone.localdate(),
            therapist=request.user.display_name,
            note=sheet.note,
            # A preview never shows a blocked item's instructions (section 4, rule 3).
            items=builder.preview_items,
            found=builder.state,
        )
        audit.record(request, audit.Action.VIEWED, sheet, client=sheet.client)
    online_url = _online_url(request, _open_link(sheet))
    context = documents.document_context(doc, online_url, _paper(request, sheet))
    context.update(sheet=sheet, client=sheet.client, audience="therapist")
    return render(request, documents.DOCUMENT, context)


@require_http_methods_in_practice(["GET"])
@never_cache
def sheet_pdf(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    sheet = get_sheet_for(request, pk, sheet_pk)
    if not sheet.is_issued:
        messages.info(request, "Issue the sheet first: only an issued sheet can be handed out.")
        return redirect("clients:sheet_builder", pk, sheet_pk)
    online_url = _online_url(request, _open_link(sheet))
    pdf = _issued_pdf(request, sheet, online_url, _paper(request, sheet))
    audit.record(request, audit.Action.DOWNLOADED, sheet, client=sheet.client)
    return pdf_response(pdf, _pdf_name(sheet.snapshot), inline=False)


def _issued_pdf(
    request: HttpRequest, sheet: Sheet, online_url: str | None, paper: str, doc=None
) -> bytes:
    """An issued sheet never changes, so its PDF is cached under its id, link and paper
    (and, on the client's link, what is paused now and the notice): a cached copy costs
    no rendering at all, not even of the HTML."""
    base_url = request.build_absolute_uri("/")
    doc = sheet.snapshot if doc is None else doc
    key = pdf_keys.issued_pdf_key(sheet, online_url, paper, base_url, pdf_keys.live_state(doc))

    def render() -> bytes:
        context = documents.document_context(doc, online_url, paper)
        pdf = render_pdf(documents.DOCUMENT, context, request=request, base_url=base_url)
        pdf_keys.remember_pdf_key(sheet.pk, key)
        return pdf

    return cached_pdf(key, render)


def _render_pdf_ahead(request: HttpRequest, sheet: Sheet, link: SheetLink | None) -> None:
    """Render the PDF now, into the cache, so the first download (the therapist's after
    issuing, the client's from a new link, whose QR code it carries) costs no rendering."""
    _issued_pdf(request, sheet, _online_url(request, link), _paper(request, sheet))


def _open_link(sheet: Sheet) -> SheetLink | None:
    """The newest open link, whose address the QR code carries; None when there is none."""
    now = timezone.now()
    return sheet.links.filter(revoked_at__isnull=True, expires__gt=now).order_by("-created").first()


def _paper(request: HttpRequest, sheet: Sheet | None = None) -> str:
    """A4, or US Letter for a practice in the Americas; `?paper=` chooses."""
    practice = sheet.client.practice if sheet else None
    return documents.paper_for(practice, request.GET.get("paper", ""))


def _pdf_name(doc: dict[str, Any]) -> str:
    """No client name: downloads folders and mail attachments show the file name."""
    day = doc.get("date") or timezone.localdate().isoformat()
    return f"self-care-sheet-{day}.pdf"


def _online_url(request: HttpRequest, link: SheetLink | None) -> str | None:
    if link is None:
        return None
    return request.build_absolute_uri(reverse("clients:shared_sheet", args=[link.token]))


# --- Private links: the therapist's side -------------------------------------------------------


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def sheet_link_create(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    """Make a private link; email it only when the therapist chose an address."""
    sheet = get_sheet_for(request, pk, sheet_pk)
    if not sheet.is_issued:
        messages.info(request, "Issue the sheet first, then share it.")
        return redirect("clients:sheet_builder", pk, sheet_pk)
    form = SheetLinkForm(request.POST or None, client_email=sheet.client.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            link = link_service.create_link(sheet, by=request.user, days=form.cleaned_data["days"])
            audit.record(request, audit.Action.CREATED, link, client=sheet.client)
        _render_pdf_ahead(request, sheet, link)
        _email_new_link(request, link, to=form.cleaned_data["send_to"])
        return redirect(reverse("clients:sheet_builder", args=[pk, sheet_pk]) + "#links")
    context = {"sheet": sheet, "client": sheet.client, "form": form}
    return render(request, "clients/sheet_share.html", context)


def _email_new_link(request: HttpRequest, link: SheetLink, *, to: str) -> None:
    """Email the new link when an address was chosen, and say what happened."""
    until = date_format(timezone.localdate(link.expires))
    if not to:
        messages.success(request, f"Private link made. It works until {until}.")
        return
    url = request.build_absolute_uri(reverse("clients:shared_sheet", args=[link.token]))
    if audit.record_email(
        request,
        link,
        client=link.sheet.client,
        send=lambda: link_service.email_sheet_link(link, url, to=to),
    ):
        messages.success(request, f"Private link made and emailed to {to}. It works until {until}.")
    else:
        messages.error(
            request,
            f"The link is made, but the email to {to} could not be sent. "
            "Copy the link below and send it yourself, or try again later.",
        )


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def sheet_link_revoke(request: HttpRequest, pk: int, sheet_pk: int, link_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws the link if it is still open."""
    sheet = get_sheet_for(request, pk, sheet_pk)
    link = get_object_or_404(SheetLink, sheet=sheet, pk=link_pk)
    if request.method == "POST":
        if link_service.revoke_link(link):
            audit.record(request, audit.Action.REVOKED, link, client=sheet.client)
            messages.success(request, "Link withdrawn: it can no longer be opened.")
        else:
            messages.info(request, f"This link is {link.state} already, so nothing changed.")
        return redirect(reverse("clients:sheet_builder", args=[pk, sheet_pk]) + "#links")
    context = {"sheet": sheet, "client": sheet.client, "link": link}
    return render(request, "clients/sheet_link_revoke.html", context)


@require_http_methods_in_practice(["POST"])
@never_cache
def entry_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a per-client entry (the psoas ball) on or off for this client."""
    client = get_client_for(request, pk)
    entry = get_object_or_404(Entry.objects.self_care(), slug=request.POST.get("entry", ""))
    on = request.POST.get("on") == "1"
    try:
        sheet_service.set_switch(client, entry, on=on, by=request.user)
    except sheet_service.SheetError as error:
        messages.error(request, str(error))
    else:
        audit.record(request, audit.Action.CHANGED, client)
        state = "on" if on else "off (and taken off draft sheets)"
        messages.success(request, f"{entry.name} is now switched {state} for {client.first_name}.")
    return redirect(safe_next(request, request.POST.get("next", ""), client.get_absolute_url()))


# --- The public pages ----------------------------------------------------------------------------


def private_sheet_page(view, methods=("GET",)):
    """A public sheet page: no login, no-store, no referrer, not indexed, rate limited.
    (A page with a form sends its own Referrer-Policy: see `link_page`.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = kwargs.get("token") or kwargs.get("pattern") or ""
        if _over_rate_limit(request, key):
            response = render(request, "clients/sheet_busy.html", status=429)
            response["Retry-After"] = "60"
        else:
            response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return public_page(require_http_methods(list(methods))(wrapper))


def _over_rate_limit(request: HttpRequest, key: str) -> bool:
    """Counted in one atomic step in Redis or the database (clinic.ratelimit), so every
    server process sees the same numbers."""
    link_pk = SheetLink.pk_from_token(key)
    if link_pk is not None:
        scope = f"link{link_pk}"
    else:  # a generic sheet's name, or one bucket for every address that doesn't check out
        scope = key if key in generic_sheets.GENERIC_SHEETS else "bad-token"
    counter = f"sheet-rate:{scope}:{ratelimit.client_address(request)}"
    limit = getattr(settings, "SHEET_LINK_RATE_LIMIT", RATE_LIMIT)  # the benchmark lifts it
    return ratelimit.hit(counter, limit=limit, window_seconds=60)


def _shared_link(request: HttpRequest, token: str) -> SheetLink | HttpResponse:
    link_pk = SheetLink.pk_from_token(token)
    link = (
        SheetLink.objects.select_related("sheet__client__practice").filter(pk=link_pk).first()
        if link_pk is not None
        else None
    )
    if link is None or not link.sheet.is_issued:
        return render(request, "clients/sheet_link_invalid.html", status=404)
    if link.state != "open":
        context = {"practice": link.sheet.client.practice}
        return render(request, "clients/sheet_link_gone.html", context, status=410)
    return link


@private_sheet_page
def shared_sheet(request: HttpRequest, token: str) -> HttpResponse:
    link = _shared_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    SheetLinkEvent.objects.create(link=link, kind=SheetLinkEvent.Kind.VIEWED)
    audit.record(request, audit.Action.VIEWED, link.sheet, client=link.sheet.client)
    return link_page(request, link, token)


def link_page(request: HttpRequest, link: SheetLink, token: str, log_data=None) -> HttpResponse:
    """The client's sheet with its "Today" panel (the daily log, `log_data` when posted)."""
    online_url = request.build_absolute_uri(reverse("clients:shared_sheet", args=[token]))
    doc = sheet_service.link_document(link.sheet, current_screening(link.sheet.client))
    context = documents.document_context(doc, online_url, _paper(request, link.sheet))
    context.update(audience="client", pdf_url=reverse("clients:shared_sheet_pdf", args=[token]))
    context.update(
        log_form=daily_log_form(link.sheet, doc, log_data),
        log_url=reverse("clients:daily_log", args=[token]),
    )
    response = render(request, documents.DOCUMENT, context)
    # The panel posts a form: with no referrer at all the browser would send `Origin: null`,
    # which the CSRF check refuses. Same-origin still sends nothing to any other site.
    response["Referrer-Policy"] = "same-origin"
    return response


@private_sheet_page
def shared_sheet_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = _shared_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    online_url = _online_url(request, link)
    doc = sheet_service.link_document(link.sheet, current_screening(link.sheet.client))
    pdf = _issued_pdf(request, link.sheet, online_url, _paper(request, link.sheet), doc)
    SheetLinkEvent.objects.create(link=link, kind=SheetLinkEvent.Kind.DOWNLOADED)
    audit.record(request, audit.Action.DOWNLOADED, link.sheet, client=link.sheet.client)
    return pdf_response(pdf, _pdf_name(link.sheet.snapshot), inline=False)


def _generic(request: HttpRequest, pattern: str) -> dict[str, Any]:
    sheet = generic_sheets.GENERIC_SHEETS.get(pattern)
    if sheet is None:
        raise Http404("No such sheet.")
    # A signed-in therapist prints it on their own letterhead; anyone else gets none.
    membership = membership_for(request)
    practice = membership.practice if membership else None
    online_url = request.build_absolute_uri(reverse("clients:generic_sheet", args=[pattern]))
    paper = documents.paper_for(practice, request.GET.get("paper", ""))
    context = documents.document_context(
        generic_sheets.generic_document(sheet, practice), online_url, paper
    )
    context.update(generic=sheet, audience="public")
    return context


@private_sheet_page
def generic_sheet(request: HttpRequest, pattern: str) -> HttpResponse:
    context = _generic(request, pattern)
    context["pdf_url"] = reverse("clients:generic_sheet_pdf", args=[pattern])
    return render(request, documents.DOCUMENT, context)


@private_sheet_page
def generic_sheet_pdf(request: HttpRequest, pattern: str) -> HttpResponse:
    context = _generic(request, pattern)
    pdf = render_pdf_cached(documents.DOCUMENT, context, request=request)
    return pdf_response(pdf, f"{pattern}-self-care.pdf", inline=False)


@partial(private_sheet_page, methods=["POST"])
def shared_sheet_log(request: HttpRequest, token: str) -> HttpResponse:
    """The client's daily log, posted from the "Today" panel of the private link:
    protected like the page (CSRF, the link's rate limit, no-store, withdrawn or expired
    links save nothing); the entry and its audit row in one transaction, then back by
    redirect, so reloading never posts again and posting twice leaves one entry a day."""
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
