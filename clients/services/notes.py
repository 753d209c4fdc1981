"""Session notes and the client's activities: saving and signing a note (only once the
session has started; signing marks it done and keeps the plan as it was), amendments,
and up to three activities scored at each session.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from clients import revisions
from clients.models import Activity, ActivityScore, Note, NoteAmendment, Session, SessionStatus
from clients.services import plans
from clients.services.screening import current_screening

# --- Notes -------------------------------------------------------------------------------


class NoteLocked(Exception):
    """The note is signed: only amendments may be added."""


class NoteRefused(Exception):
    """A note change the record can't take; the message says why."""


def require_started(session: Session) -> None:
    if session.start > timezone.now():
        raise NoteRefused("The session hasn't started yet: a note can be signed once it has begun.")


def _sign(note: Note, session: Session, by) -> None:
    """Signing says the session happened: it is marked done, and the plan as it stands
    (blocked items left out) is kept with the note, whatever the library does later."""
    require_started(session)
    rows = plans.planned(session, current_screening(session.client))
    note.signed_by, note.signed_at = by, timezone.now()
    note.plan_snapshot = plans.plan_snapshot(rows)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.DONE, updated=note.signed_at)
    session.status = SessionStatus.DONE


def note_for(session: Session) -> Note | None:
    try:
        return session.note
    except Note.DoesNotExist:
        return None


def note_save(
    *,
    session: Session,
    fields: dict[str, Any],
    scores: dict[int, int | None],
    by,
    loaded: int | None = None,
    sign: bool = False,
    activities: list[str] | None = None,
) -> Note:
    """Save the draft note and the session's activity scores (None clears a score), and
    sign it when asked, as one change; with `activities` (the names by position, as
    activities_save takes them) the client's activities are saved in the same change, and
    the scores of any it removes are dropped.

    `loaded` is the revision the edit form was loaded at (0 before the first save; None
    skips the check). Raises NoteLocked for a signed note and revisions.Stale when
    someone saved the note since the form was loaded.
    """
    with transaction.atomic():
        note = Note.objects.select_for_update().filter(session=session).first()
        if note is not None and note.is_signed:
            raise NoteLocked
        if note is None:
            if loaded:
                raise revisions.Stale  # the note the form was loaded from is gone
            note = Note(session=session, author=by, revision=1)
        else:
            drafts = Note.objects.filter(signed_at__isnull=True)
            note.revision = revisions.claim(drafts, note.pk, loaded)
        for name, value in fields.items():
            setattr(note, name, value)
        if sign:
            _sign(note, session, by)
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:  # someone else's first save of this note won the race
            raise revisions.Stale from None
        if activities is not None:
            kept = {
                activity.pk for activity in activities_save(client=session.client, names=activities)
            }
            scores = {pk: score for pk, score in scores.items() if pk in kept}
        for activity_id, score in scores.items():
            if score is None:
                ActivityScore.objects.filter(activity_id=activity_id, session=session).delete()
            else:
                ActivityScore.objects.update_or_create(
                    activity_id=activity_id, session=session, defaults={"score": score}
                )
    session.note = note
    return note


def note_sign(*, note: Note, by, loaded: int | None = None) -> Note:
    """Sign the draft as stored; `loaded`, when given, must still be its revision (raises
    revisions.Stale otherwise, so only the text the signer saw gets signed)."""
    with transaction.atomic():
        locked = Note.objects.select_for_update().select_related("session__client").get(pk=note.pk)
        if locked.is_signed:
            raise NoteLocked
        revisions.claim(Note.objects.filter(signed_at__isnull=True), note.pk, loaded)
        _sign(locked, locked.session, by)
        Note.objects.filter(pk=note.pk).update(
            signed_by=by, signed_at=locked.signed_at, plan_snapshot=locked.plan_snapshot
        )
    note.refresh_from_db()
    return note


def note_amend(*, note: Note, text: str, by) -> NoteAmendment:
    if not note.is_signed:
        raise NoteRefused("Only a signed note takes amendments: edit the draft instead.")
    return NoteAmendment.objects.create(note=note, author=by, text=text)


def scored_activities(client) -> set[int]:
    """The client's activities with a score in some session: they can be renamed, not removed."""
    return set(
        ActivityScore.objects.filter(activity__client=client).values_list("activity_id", flat=True)
    )


def activities_save(*, client, names: list[str]) -> list[Activity]:
    """Up to three activities by position; a blank name removes one that has no scores."""
    with transaction.atomic():
        # The client's write lock first, so two saves at once can't both add (at most
        # three, one per position: a database constraint too).
        type(client).objects.filter(pk=client.pk).update(updated=timezone.now())
        current = {activity.position: activity for activity in client.activities.all()}
        for position, name in enumerate(names):
            activity = current.get(position)
            if name and activity:
                activity.name = name
                activity.save(update_fields=["name"])
            elif name:
                Activity.objects.create(client=client, name=name, position=position)
            elif activity:
                activity.delete()
    return list(client.activities.all())
