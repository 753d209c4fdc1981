"""Sessions: book one, its page (screening, plan, note at a glance), edit it, check in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clients import audit
from clients.access import (
    get_client_for,
    get_session_for,
    in_practice_time_zone,
    require_http_methods_in_practice,
)
from clients.forms.intakes import contraindication_label, describe
from clients.forms.notes import describe_objective
from clients.forms.sessions import CheckInForm, SessionForm, overlap_message
from clients.models import CheckIn, Session
from clients.services import notes, plans, sessions, today
from clients.services.daily_log import adherence
from clients.services.screening import current_screening
from clients.summary import summarise
from clinic.request_data import posted
from techniques import vocabulary as vocab


def _save(request: HttpRequest, form: SessionForm) -> Session | None:
    """Save through the service; an overlap found at the last moment goes beside the start."""
    try:
        return sessions.session_save(session=form.instance)
    except sessions.SessionOverlap as overlap:
        form.add_error("start", overlap_message(form.instance.therapist, overlap.others))
        return None
    except sessions.SessionRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return None


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request, pk)
    found = current_screening(client)
    initial = {}
    if request.method == "GET":  # a posted form keeps what was typed
        length = Session._meta.get_field("length").default
        initial = {
            "start": today.next_free_slot(request.user.pk, length=length),
            "therapist": request.user.pk,
            "length": length,
        }
    form = SessionForm(
        posted(request),
        instance=Session(client=client),
        initial=initial,
        practice=client.practice,
        warnings=today.booking_warnings(found),
    )
    if request.method == "POST" and form.is_valid() and (session := _save(request, form)):
        audit.record(request, audit.Action.CREATED, session)
        messages.success(request, "Session booked. Check the client in before it starts.")
        return redirect(session)
    context = {"form": form, "client": client, "found": found}
    return render(request, "clients/session_form.html", context)


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    form = SessionForm(posted(request), instance=session, practice=session.client.practice)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        audit.record(request, audit.Action.CHANGED, session)
        messages.success(request, "Session saved.")
        return redirect(session)
    context = {"form": form, "client": session.client, "session": session}
    return render(request, "clients/session_form.html", context)


@require_http_methods_in_practice(["GET"])
@never_cache
@in_practice_time_zone
def session_detail(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    found = current_screening(session.client)
    note = notes.note_for(session)
    audit.record(request, audit.Action.VIEWED, session)
    rows = plans.planned(session, found)
    context = {
        "client": session.client,
        "session": session,
        "found": found,
        "summary": summarise(found.result, found.names) if found.screened else None,
        "check_in": _check_in_words(sessions.check_in_for(session)),
        "rows": rows,
        "items": [row.item for row in plans.counted(rows)],
        "blocked_rows": [row for row in rows if not row.counts],
        # A signed session shows what was done, whatever the library does later.
        "done_plan": note.plan_snapshot if note and note.is_signed else None,
        "note": note,
        "objective": describe_objective(note.objective) if note else [],
        "reminder": session.reminder_state(timezone.now()),
    }
    return render(request, "clients/session_detail.html", context)


def _check_in_words(check_in) -> dict | None:
    if check_in is None:
        return None
    return {
        "check_in": check_in,
        "red_flags": [
            f"{vocab.RED_FLAGS[code].label} ({code})" for code in sorted(check_in.new_red_flags)
        ],
        "contraindications": [
            contraindication_label(code) for code in sorted(check_in.new_contraindications)
        ],
    }


def _since(session: Session, intake) -> dict:
    """What the check-in asks about: news since the signed intake, or since the client's
    last check-in before this session when that came later."""
    if intake is None:
        return {}
    last = (
        CheckIn.objects.filter(
            session__client_id=session.client_id,
            session__start__lt=session.start,
            created__gte=intake.signed_at,
        )
        .order_by("-session__start")
        .values_list("session__start", flat=True)
        .first()
    )
    if last is not None:
        return {"since": timezone.localdate(last), "since_what": "check-in"}
    return {"since": timezone.localdate(intake.signed_at), "since_what": "intake"}


@require_http_methods_in_practice(["GET", "POST"])
@never_cache
@in_practice_time_zone
def session_check_in(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for(request, pk, session_pk)
    check_in = sessions.check_in_for(session)
    note = notes.note_for(session)
    locked = note is not None and note.is_signed
    intake = session.client.intakes.latest_signed()
    form = CheckInForm(posted(request), instance=check_in, **_since(session, intake))
    if request.method == "POST" and not locked and form.is_valid():
        action = audit.Action.CHANGED if check_in else audit.Action.CREATED
        check_in = sessions.check_in_record(
            session=session, data=form.check_in_data(), by=request.user
        )
        audit.record(request, action, check_in, client=session.client)
        messages.success(request, "Check-in saved; the client's screening now includes it.")
        found = current_screening(session.client)
        blocked = [row for row in plans.planned(session, found) if not row.counts]
        if blocked:
            messages.warning(
                request,
                "The new screening blocks what is planned: "
                + ", ".join(row.item.entry.name for row in blocked)
                + ". Remove it, or keep it with a reason where rule 9 allows.",
            )
        return redirect(session.step_url("plan_builder"))
    if request.method == "POST" and locked:
        messages.error(request, "The note is signed, so the check-in can no longer change.")
    context = {
        "form": form,
        "client": session.client,
        "session": session,
        "locked": locked,
        "intake": intake,
        "answers": describe(intake) if intake else None,
        "adherence": adherence(session.client),
    }
    return render(request, "clients/session_check_in.html", context)
