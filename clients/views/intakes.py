"""Intakes: take one as a draft, review it with its screening, edit a draft, sign it.

A signed intake never changes: a newer signed intake supersedes it, and "Start a new
intake from this one" copies its answers into a fresh draft.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from clients import audit, consent, revisions
from clients.access import (
    get_client_for,
    get_intake_for,
    in_practice_time_zone,
    require_http_methods_in_practice,
)
from clients.forms.intakes import (
    ANSWER_FIELDS,
    STORED_FIELDS,
    IntakeForm,
    SignIntakeForm,
    describe,
    saved_answers,
)
from clients.library import published_library
from clients.models import Client, Intake, IntakeSource
from clients.services import intakes
from clients.summary import summarise
from techniques.diagrams import pain_map_svg


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def intake_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    signing = "sign" in request.POST
    intake = _new_intake(request, client)
    form = IntakeForm(request.POST or None, instance=intake, client=client, require_consent=signing)
    if request.method == "POST" and form.is_valid():
        intake = form.save(commit=False)
        intakes.intake_save(intake=intake, loaded=None, sign=signing, by=request.user)
        audit.record(request, audit.Action.CREATED, intake)
        return _saved(request, intake)
    return render(request, "clients/intake_form.html", _form_context(form, client, intake))


@require_http_methods_in_practice(["GET"])
@never_cache
def intake_detail(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request, pk, intake_pk)
    # This intake's own answers, as it would screen if signed; the client's current
    # screening (check-ins and waiting self-intakes too) is on the client page.
    library = published_library()
    summary = summarise(
        intake.screen([item.library_entry for item in library]),
        {item.slug: item.name for item in library},
    )
    audit.record(request, audit.Action.VIEWED, intake)
    context = {
        "client": intake.client,
        "intake": intake,
        "summary": summary,
        "answers": describe(intake),
        "pain_map": _static_pain_map(intake.pain_regions),
        "consent_paragraphs": consent.paragraphs(intake.consent_version or consent.CURRENT_VERSION),
        "can_sign": SignIntakeForm({}, intake=intake).is_valid(),
    }
    return render(request, "clients/intake_detail.html", context)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def intake_edit(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request, pk, intake_pk)
    if intake.is_signed and request.method == "GET":
        return _refuse_signed(request, intake)
    signing = "sign" in request.POST
    form = IntakeForm(
        request.POST or None, instance=intake, client=intake.client, require_consent=signing
    )
    loaded = revisions.loaded_revision(request.POST)
    if request.method == "POST" and (intake.is_signed or loaded != intake.revision):
        return _conflict(request, form, intake, loaded)
    if request.method == "POST" and form.is_valid():
        intake = form.save(commit=False)
        _new_name_new_consent(form, intake)
        try:
            intakes.intake_save(intake=intake, loaded=loaded, sign=signing, by=request.user)
        except revisions.Stale:  # someone saved or signed it a moment ago
            return _conflict(request, form, intake, loaded)
        audit.record(request, audit.Action.CHANGED, intake)
        return _saved(request, intake)
    return render(request, "clients/intake_form.html", _form_context(form, intake.client, intake))


@require_http_methods_in_practice(["POST"])
@never_cache
def intake_sign(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request, pk, intake_pk)
    form = SignIntakeForm(request.POST, intake=intake)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        target = "clients:intake_detail" if intake.is_signed else "clients:intake_edit"
        return redirect(target, intake.client_id, intake.pk)
    # The detail page sends the revision it showed: sign only the answers reviewed there.
    # Without it, at least the answers this request read: never a save made meanwhile.
    if revisions.FIELD in request.POST:
        loaded = revisions.loaded_revision(request.POST)
    else:
        loaded = intake.revision
    try:
        intakes.intake_save(intake=intake, loaded=loaded, sign=True, by=request.user)
    except revisions.Stale:
        stored = Intake.objects.get(pk=intake.pk)
        if stored.is_signed:
            return _refuse_signed(request, intake)
        messages.error(
            request, "This draft changed since you opened it: review the answers, then sign."
        )
        return redirect("clients:intake_detail", intake.client_id, intake.pk)
    return _saved(request, intake)


@require_http_methods_in_practice(["POST"])
@never_cache
@in_practice_time_zone
def intake_autosave(request: HttpRequest, pk: int, intake_pk: int | None = None) -> JsonResponse:
    """Save what has been typed so far as the unsigned draft, as the therapist goes
    (static/js/intake.js). Never signs; an answer in error keeps its stored value and is
    only counted, so a half-typed form never blocks the rest. Answers JSON, with the new
    revision the page's form must carry from now on."""
    if intake_pk is None:
        intake, loaded = _new_intake(request, get_client_for(request, pk)), None
    else:
        intake = get_intake_for(request, pk, intake_pk)
        loaded = revisions.loaded_revision(request.POST)
        if intake.is_signed:
            return _not_autosaved("This intake is signed, so it can no longer change.", 409)
        if loaded != intake.revision:
            return _not_autosaved(STALE_AUTOSAVE, 409)
    form = IntakeForm(request.POST, instance=intake, client=intake.client)
    if not form.is_valid() and form.non_field_errors():
        return _not_autosaved("Not saved: " + " ".join(form.non_field_errors()), 400)
    intake = _valid_so_far(form, intake_pk)
    _new_name_new_consent(form, intake)
    action = audit.Action.CHANGED if intake.pk else audit.Action.CREATED
    try:
        intakes.intake_save(intake=intake, loaded=loaded, by=request.user)
    except revisions.Stale:
        return _not_autosaved(STALE_AUTOSAVE, 409)
    audit.record(request, action, intake)
    return JsonResponse(
        {
            "saved": True,
            "revision": intake.revision,
            "time": timezone.localtime(intake.updated).strftime("%H:%M"),
            "unsaved": len(form.error_summary()),
            "edit_url": reverse("clients:intake_edit", args=[intake.client_id, intake.pk]),
            "autosave_url": _autosave_url(intake.client, intake),
        }
    )


STALE_AUTOSAVE = (
    "Not saved: this draft changed elsewhere. Press “Save draft” to compare the two versions."
)


# --- Helpers -------------------------------------------------------------------------


def _valid_so_far(form: IntakeForm, intake_pk: int | None) -> Intake:
    """The form's instance holds its valid answers (Django applies them even when others
    fail); an answer in error goes back to what is stored (nothing, for a new draft)."""
    intake = form.instance
    if form.errors:
        stored = Intake.objects.get(pk=intake_pk) if intake_pk else Intake()
        for name in form.errors:
            if name in STORED_FIELDS:
                setattr(intake, name, getattr(stored, name))
    return intake


def _new_name_new_consent(form: IntakeForm, intake: Intake) -> None:
    """A new consent name is a new consent, stamped when signed."""
    if "consent_name" in form.changed_data and "consent_name" not in form.errors:
        intake.consent_at, intake.consent_version = None, ""


def _not_autosaved(message: str, status: int) -> JsonResponse:
    return JsonResponse({"saved": False, "message": message}, status=status)


def _autosave_url(client: Client, intake: Intake) -> str:
    if intake.pk is None:
        return reverse("clients:intake_autosave_new", args=[client.pk])
    return reverse("clients:intake_autosave", args=[client.pk, intake.pk])


def _new_intake(request: HttpRequest, client: Client) -> Intake:
    """A fresh draft, holding the answers of ?from=<intake> when the therapist asked."""
    intake = Intake(client=client, source=IntakeSource.THERAPIST, created_by=request.user)
    source_pk = request.GET.get("from", "")
    if source_pk.isascii() and source_pk.isdigit():  # "²" is a digit to Python, not an id
        source = get_intake_for(request, client.pk, int(source_pk))
        for name in ANSWER_FIELDS:
            setattr(intake, name, getattr(source, name))
    return intake


def _static_pain_map(marked: list[str]) -> str:
    """The body chart as one picture: read-only here, its words are listed beside it."""
    svg = pain_map_svg(marked, id_prefix="detail").replace('role="group"', 'role="img"', 1)
    # Drawn by our own code from known codes, with labels escaped there: safe to insert.
    return mark_safe(svg)  # nosec B308 B703  # labels escaped


def _form_context(form: IntakeForm, client: Client, intake: Intake) -> dict:
    return {
        "form": form,
        "client": client,
        "intake": intake,
        "consent_paragraphs": consent.paragraphs(),
        "autosave_url": _autosave_url(client, intake),
    }


def _conflict(
    request: HttpRequest, form: IntakeForm, intake: Intake, loaded: int | None
) -> HttpResponse:
    """The form again, holding what the user typed, with the stored answers beside it."""
    stored = Intake.objects.select_related("signed_by").get(pk=intake.pk)
    stored.client = intake.client
    edit_url = reverse("clients:intake_edit", args=[intake.client_id, intake.pk])

    def page(conflict) -> HttpResponse:
        context = _form_context(form, intake.client, stored) | {"conflict": conflict}
        return render(request, "clients/intake_form.html", context)

    return revisions.conflict_response(
        request,
        stored,
        client_id=intake.client_id,
        loaded=loaded,
        noun="intake",
        latest_url=edit_url if not stored.is_signed else _detail_url(stored),
        saved=saved_answers(stored),
        render=page,
    )


def _detail_url(intake: Intake) -> str:
    return reverse("clients:intake_detail", args=[intake.client_id, intake.pk])


def _saved(request: HttpRequest, intake: Intake) -> HttpResponse:
    if intake.is_signed:
        audit.record(request, audit.Action.SIGNED, intake)
        messages.success(
            request, "Intake signed. The screening below now follows it. Next: book a session."
        )
        return redirect(intake.client)
    messages.success(request, "Draft saved. Review it, then sign it before any treatment.")
    return redirect("clients:intake_detail", intake.client_id, intake.pk)


def _refuse_signed(request: HttpRequest, intake: Intake) -> HttpResponse:
    messages.error(
        request,
        "A signed intake can't be changed. Start a new intake from it to record new answers.",
    )
    return redirect("clients:intake_detail", intake.client_id, intake.pk)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def intake_set_aside(request: HttpRequest, pk: int, intake_pk: int) -> HttpResponse:
    """GET asks for a reason; POST sets a self-intake aside: its flags stop counting."""
    intake = get_intake_for(request, pk, intake_pk)
    error, reason = "", request.POST.get("reason", "")
    if request.method == "POST":
        try:
            intakes.intake_set_aside(intake=intake, reason=reason, by=request.user)
        except intakes.IntakeRefused as refused:
            error = str(refused)
        else:
            audit.record(request, audit.Action.CHANGED, intake)
            messages.success(request, "Self-intake set aside: its answers no longer count.")
            return redirect(intake.client)
    else:
        audit.record(request, audit.Action.VIEWED, intake)
    context = {"client": intake.client, "intake": intake, "error": error, "reason": reason}
    return render(request, "clients/intake_set_aside.html", context, status=400 if error else 200)
