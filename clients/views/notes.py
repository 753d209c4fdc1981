"""Session notes: write the draft, sign it (which locks it), amend it; the client's
hard activities, scored at each session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clients import audit, revisions
from clients.access import (
    get_client_for,
    get_session_for,
    in_practice_time_zone,
    require_http_methods_in_practice,
)
from clients.forms.notes import (
    ActivitiesForm,
    AmendmentForm,
    NoteForm,
    describe_objective,
    saved_note,
)
from clients.models import Note, Session
from clients.services import notes, plans
from clients.services.screening import current_screening
from clinic.request_data import posted

ACTIVITIES_PREFIX = "activities"  # the activities' fields inside the note form


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
    note = notes.note_for(session)
    if note is not None and note.is_signed and request.method == "GET":
        audit.record(request, audit.Action.VIEWED, note, client=session.client)
        return _signed_page(request, session, note)
    form = _note_form(request, session, note)
    named = _activities_form(request, session, form)
    loaded = revisions.loaded_revision(request.POST)
    if request.method == "POST":
        if (note is not None and note.is_signed) or loaded != (note.revision if note else 0):
            return _conflict(request, session, form, named, loaded)
        if all([form.is_valid(), not named.is_bound or named.is_valid()]):  # every mistake
            return _save(request, session, form, named, loaded)
    if request.method == "GET" and note is not None:
        audit.record(request, audit.Action.VIEWED, note, client=session.client)
    return _form_page(request, session, form, named, note)


def _form_page(
    request: HttpRequest,
    session: Session,
    form: NoteForm,
    named: ActivitiesForm,
    note: Note | None,
    **extra: Any,
) -> HttpResponse:
    context = {"client": session.client, "session": session, "form": form, "note": note}
    return render(request, "clients/note_form.html", context | {"activities_form": named} | extra)


def _note_form(request: HttpRequest, session: Session, note: Note | None) -> NoteForm:
    initial: dict[str, Any] = {}
    if note is None:
        # Blocked items are left out: they are not done (SCREENING.md section 4, rule 3).
        initial["done"] = plans.plan_text(plans.planned(session, current_screening(session.client)))
    return NoteForm(
        posted(request),
        instance=note or Note(session=session),
        initial=initial,
        activities=list(session.client.activities.all()),
        scores=_scores(session),
    )


def _activities_form(request: HttpRequest, session: Session, form: NoteForm) -> ActivitiesForm:
    """The client's activities named in place, inside the note, and saved with it. Bound
    only when the note's POST carries them: a POST without them changes no activity."""
    sent = request.method == "POST" and f"{ACTIVITIES_PREFIX}-activity_0" in request.POST
    return ActivitiesForm(
        request.POST if sent else None,
        activities=form.activities,
        scored=notes.scored_activities(session.client) if sent else set(),  # only a save asks
        scoring=form.typed_scores(),
        prefix=ACTIVITIES_PREFIX,
    )


def _save(
    request: HttpRequest,
    session: Session,
    form: NoteForm,
    named: ActivitiesForm,
    loaded: int,
) -> HttpResponse:
    sign = "sign" in request.POST
    if sign and session.start > timezone.now():
        # Keep what was typed as a draft, and say why it can't be signed yet.
        messages.warning(
            request, "Saved as a draft: a note can be signed once the session has begun."
        )
        sign = False
    names = named.names() if named.is_bound and named.has_changed() else None
    try:
        with transaction.atomic():  # the note, the activities and their audit rows at once
            note = notes.note_save(
                session=session,
                fields=form.note_fields(),
                scores=form.scores(),
                by=request.user,
                loaded=loaded,
                sign=sign,
                activities=names,
            )
            action = audit.Action.SIGNED if note.is_signed else audit.Action.CHANGED
            audit.record(request, action, note, client=session.client)
            if names is not None:
                audit.record(request, audit.Action.CHANGED, session.client)
    except (notes.NoteLocked, revisions.Stale):  # someone saved or signed it a moment ago
        return _conflict(request, session, form, named, loaded)
    done = "Note signed and locked." if note.is_signed else "Note saved."
    if names is not None:
        done += " Activities saved." if note.is_signed else " Activities saved: score them below."
    messages.success(request, done)
    return redirect(session.step_url("note_edit"))


def _conflict(
    request: HttpRequest,
    session: Session,
    form: NoteForm,
    named: ActivitiesForm,
    loaded: int | None,
) -> HttpResponse:
    """The form again, holding what the user typed, with the stored note beside it."""
    stored = Note.objects.select_related("signed_by").filter(session=session).first()
    stored = stored or Note(session=session)  # a tampered form of a note not saved yet

    def page(conflict) -> HttpResponse:
        return _form_page(request, session, form, named, stored, conflict=conflict)

    return revisions.conflict_response(
        request,
        stored,
        client_id=session.client_id,
        loaded=loaded,
        noun="note",
        latest_url=session.step_url("note_edit"),
        saved=saved_note(stored),
        render=page,
    )


@require_http_methods_in_practice(["POST"])
@never_cache
def note_sign(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    note = notes.note_for(session)
    if note is None:
        messages.error(request, "Write and save the note before signing it.")
    else:
        loaded = revisions.loaded_revision(request.POST)
        try:
            notes.note_sign(
                note=note, by=request.user, loaded=loaded if "revision" in request.POST else None
            )
        except notes.NoteLocked:
            messages.info(request, "This note was signed already.")
        except notes.NoteRefused as refused:
            messages.error(request, str(refused))
        except revisions.Stale:
            messages.error(request, "The note changed since you opened it: read it, then sign.")
        else:
            audit.record(request, audit.Action.SIGNED, note, client=session.client)
            messages.success(request, "Note signed and locked.")
    return redirect(session.step_url("note_edit"))


@require_http_methods_in_practice(["POST"])
@never_cache
@in_practice_time_zone
def note_amend(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    note = notes.note_for(session)
    if note is None or not note.is_signed:
        messages.error(request, "Only a signed note takes amendments: edit the draft instead.")
        return redirect(session.step_url("note_edit"))
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return _signed_page(request, session, note, form)
    amendment = notes.note_amend(note=note, text=form.cleaned_data["text"], by=request.user)
    audit.record(request, audit.Action.CHANGED, amendment.note, client=session.client)
    messages.success(request, "Amendment added.")
    return redirect(session.step_url("note_edit"))


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def activities_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    activities = list(client.activities.all())
    scored = notes.scored_activities(client) if request.method == "POST" else set()
    form = ActivitiesForm(posted(request), activities=activities, scored=scored)
    if request.method == "POST" and form.is_valid():
        notes.activities_save(client=client, names=form.names())
        audit.record(request, audit.Action.CHANGED, client)
        messages.success(request, "Activities saved. Score them in each session's note.")
        return redirect(client)
    return render(request, "clients/note_activities.html", {"form": form, "client": client})
