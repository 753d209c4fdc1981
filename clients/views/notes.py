"""Session notes: write the draft, sign it (which locks it), amend it; the client's
hard activities, scored at each session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients import audit, services
from clients.access import (
    get_client_for,
    get_session_for,
    in_practice_time_zone,
    posted,
    require_http_methods_in_practice,
)
from clients.forms.sessions import ActivitiesForm, AmendmentForm, NoteForm, describe_objective
from clients.models import ActivityScore, Note, Session
from clients.views.sessions import session_url


def _scores(session: Session) -> dict[int, int]:
    return {score.activity_id: score.score for score in session.activity_scores.all()}


def _signed_page(request: HttpRequest, session: Session, note: Note, form=None) -> HttpResponse:
    activities = {a.pk: a for a in session.client.activities.all()}
    scores = [(activities[pk], score) for pk, score in _scores(session).items() if pk in activities]
    context = {
        "client": session.client,
        "session": session,
        "note": note,
        "objective": describe_objective(note.objective),
        "scores": scores,
        "amendments": note.amendments.select_related("author"),
        "form": form or AmendmentForm(),
    }
    return render(request, "clients/note_detail.html", context)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def note_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    note = services.note_for(session)
    if note is not None and note.is_signed:
        if request.method == "POST":
            messages.error(request, "This note is signed: add an amendment instead.")
            return redirect(session_url(session, "note_edit"))
        audit.record(request, audit.Action.VIEWED, note, client=session.client)
        return _signed_page(request, session, note)
    form = _note_form(request, session, note)
    if request.method == "POST" and form.is_valid():
        return _save(request, session, form)
    if request.method == "GET" and note is not None:
        audit.record(request, audit.Action.VIEWED, note, client=session.client)
    context = {"client": session.client, "session": session, "form": form, "note": note}
    return render(request, "clients/note_form.html", context)


def _note_form(request: HttpRequest, session: Session, note: Note | None) -> NoteForm:
    initial: dict[str, Any] = {}
    if note is None:
        initial["done"] = services.plan_text(services.plan_items(session))
    return NoteForm(
        posted(request),
        instance=note or Note(session=session),
        initial=initial,
        activities=list(session.client.activities.all()),
        scores=_scores(session),
    )


def _save(request: HttpRequest, session: Session, form: NoteForm) -> HttpResponse:
    try:
        note = services.note_save(
            session=session, fields=form.note_fields(), scores=form.scores(), by=request.user
        )
        if "sign" in request.POST:
            services.note_sign(note=note, by=request.user)
    except services.NoteLocked:
        messages.error(request, "This note was signed meanwhile: add an amendment instead.")
        return redirect(session_url(session, "note_edit"))
    audit.record(
        request,
        audit.Action.SIGNED if note.is_signed else audit.Action.CHANGED,
        note,
        client=session.client,
    )
    messages.success(request, "Note signed and locked." if note.is_signed else "Note saved.")
    return redirect(session_url(session, "note_edit"))


@require_http_methods_in_practice(["POST"])
@never_cache
def note_sign(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    note = services.note_for(session)
    if note is None:
        messages.error(request, "Write and save the note before signing it.")
    else:
        try:
            services.note_sign(note=note, by=request.user)
        except services.NoteLocked:
            messages.info(request, "This note was signed already.")
        else:
            audit.record(request, audit.Action.SIGNED, note, client=session.client)
            messages.success(request, "Note signed and locked.")
    return redirect(session_url(session, "note_edit"))


@require_http_methods_in_practice(["POST"])
@never_cache
@in_practice_time_zone
def note_amend(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    note = services.note_for(session)
    if note is None or not note.is_signed:
        messages.error(request, "Only a signed note takes amendments: edit the draft instead.")
        return redirect(session_url(session, "note_edit"))
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return _signed_page(request, session, note, form)
    amendment = services.note_amend(note=note, text=form.cleaned_data["text"], by=request.user)
    audit.record(request, audit.Action.CHANGED, amendment.note, client=session.client)
    messages.success(request, "Amendment added.")
    return redirect(session_url(session, "note_edit"))


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def activities_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    activities = list(client.activities.all())
    scored = set(
        ActivityScore.objects.filter(activity__client=client).values_list("activity_id", flat=True)
    )
    form = ActivitiesForm(posted(request), activities=activities, scored=scored)
    if request.method == "POST" and form.is_valid():
        services.activities_save(client=client, names=form.names())
        audit.record(request, audit.Action.CHANGED, client)
        messages.success(request, "Activities saved. Score them in each session's note.")
        return redirect(client)
    return render(request, "clients/note_activities.html", {"form": form, "client": client})
