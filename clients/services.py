"""Workflows over several models: booking a session, the check-in and its re-screening,
building a plan, signing and amending notes, the therapist's calendar feed.

Views, commands and tests all call these functions, so each rule lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients import planning, revisions, screening
from clients.models import (
    SESSION_LENGTHS,
    Activity,
    ActivityScore,
    AuditEvent,
    CalendarFeed,
    CheckIn,
    Intake,
    Note,
    NoteAmendment,
    PlanItem,
    Session,
    SessionStatus,
)
from clients.planning import Technique
from techniques.aggregates import CodeList
from techniques.models import Entry

# --- Sessions ----------------------------------------------------------------------------

ACTIVE_STATUSES = frozenset({SessionStatus.PLANNED, SessionStatus.DONE})


class SessionOverlap(Exception):
    def __init__(self, others: list[Session]) -> None:
        super().__init__("overlapping sessions")
        self.others = others


def overlapping_sessions(
    therapist_id: int, start: datetime, length: int, exclude_pk: int | None = None
) -> list[Session]:
    """The therapist's active sessions that share any minute with [start, start + length)."""
    end = start + timedelta(minutes=length)
    nearby = (
        Session.objects.active()
        .filter(
            therapist_id=therapist_id,
            start__lt=end,
            start__gt=start - timedelta(minutes=max(SESSION_LENGTHS)),
        )
        .exclude(pk=exclude_pk)
        .select_related("client")
    )
    return [other for other in nearby if other.end > start]


def session_save(*, session: Session) -> Session:
    """Save a new or changed session, refusing one that overlaps the therapist's others.

    The therapist's row is locked while checking, so two bookings made at the same moment
    can't both slip in (PostgreSQL; SQLite writes one transaction at a time anyway).
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=session.therapist_id).first()
        if session.status in ACTIVE_STATUSES:
            others = overlapping_sessions(
                session.therapist_id, session.start, session.length, session.pk
            )
            if others:
                raise SessionOverlap(others)
        session.save()
    return session


# --- The screening of a session ----------------------------------------------------------


def published_techniques() -> list[Technique]:
    """Published session techniques for planning, with their extra contraindications, in
    one query whatever the size of the library."""
    entries = (
        Entry.objects.published()
        .techniques()
        .annotate(extra_codes=CodeList("extra_contraindications__code"))
        .order_by("name", "pk")
        .values_list(
            "pk",
            "slug",
            "name",
            "region",
            "modality",
            "role",
            "default_minutes",
            "indications",
            "extra_codes",
        )
    )
    return [
        Technique(
            pk=pk,
            slug=slug,
            name=name,
            region=region or None,
            modality=modality,
            role=role,
            minutes=minutes,
            indications=frozenset(indications),
            extra_contraindications=frozenset((extra_codes or "").split()),
        )
        for pk, slug, name, region, modality, role, minutes, indications, extra_codes in entries
    ]


@dataclass
class SessionScreening:
    """A session's screening: the current signed intake plus the check-in's additions.

    `result` is None when the client has no signed intake: nothing can be planned then.
    """

    intake: Intake | None
    check_in: CheckIn | None
    result: dict[str, Any] | None
    techniques: list[Technique] = field(default_factory=list)

    @property
    def do_not_treat(self) -> bool:
        return self.result is not None and self.result["decision"] == screening.DO_NOT_TREAT

    def technique(self, slug: str) -> Technique | None:
        return next((t for t in self.techniques if t.slug == slug), None)


def check_in_for(session: Session) -> CheckIn | None:
    try:
        return session.check_in
    except CheckIn.DoesNotExist:
        return None


def session_screening(
    session: Session, techniques: list[Technique] | None = None
) -> SessionScreening:
    """Screen the client for this session (a few queries, whatever the records' size)."""
    techniques = published_techniques() if techniques is None else techniques
    check_in = check_in_for(session)
    intake = (
        session.client.intakes.signed()
        .order_by("-signed_at")
        .prefetch_related("clearances")
        .first()
    )
    if intake is None:
        return SessionScreening(None, check_in, None, techniques)
    intake.client = session.client
    answers = planning.session_answers(
        intake.answers(),
        check_in.new_red_flags if check_in else (),
        check_in.new_contraindications if check_in else (),
    )
    result = screening.screen(answers, [t.library_entry for t in techniques])
    return SessionScreening(intake, check_in, result, techniques)


def check_in_record(*, session: Session, data: dict[str, Any], by) -> tuple[CheckIn, list[str]]:
    """Record (or correct) the check-in, re-screen at once, and take out of the plan what
    the new result blocks. Returns the check-in and the names of the entries taken out."""
    with transaction.atomic():
        check_in, _ = CheckIn.objects.update_or_create(
            session=session, defaults={**data, "recorded_by": by}
        )
        session.check_in = check_in
        removed = plan_prune(session=session, found=session_screening(session))
    return check_in, removed


# --- Plans -------------------------------------------------------------------------------


class PlanError(Exception):
    """A plan change the rules refuse; `field` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def plan_items(session: Session) -> list[PlanItem]:
    return list(session.plan_items.select_related("entry").order_by("position", "pk"))


def plan_prune(*, session: Session, found: SessionScreening) -> list[str]:
    """Delete plan items the screening no longer allows; returns their names. (An entry
    unpublished meanwhile stays, flagged on the plan page, for the therapist to decide.)"""
    if found.result is None:
        return []
    removed = []
    for item in plan_items(session):
        technique = found.technique(item.entry.slug)
        if technique and not planning.item_allowed(found.result, technique, item.override_reason):
            removed.append(item.entry.name)
            item.delete()
    return removed


def _require_plannable(found: SessionScreening) -> dict[str, Any]:
    if found.result is None:
        raise PlanError("The client has no signed intake, so nothing can be planned yet.")
    if found.do_not_treat:
        raise PlanError("Screening says do not treat: no plan can be made for this session.")
    return found.result


def plan_suggest(*, session: Session, focus: str, found: SessionScreening) -> list[PlanItem]:
    """Replace the plan with a suggestion for `focus` from the published techniques."""
    result = _require_plannable(found)
    suggestion = planning.suggest_plan(result, found.techniques, focus, session.length)
    with transaction.atomic():
        session.focus = focus
        session.save(update_fields=["focus", "updated"])
        session.plan_items.all().delete()
        return PlanItem.objects.bulk_create(
            PlanItem(session=session, entry_id=t.pk, position=index, minutes=t.minutes)
            for index, t in enumerate(suggestion)
        )


def plan_add(
    *,
    session: Session,
    found: SessionScreening,
    slug: str,
    minutes: int,
    reason: str = "",
) -> PlanItem:
    """Add one technique. A blocked one only under rule 9 and with a written reason."""
    result = _require_plannable(found)
    technique = found.technique(slug)
    if technique is None:
        raise PlanError("Choose a published session technique.", "entry")
    found_verdict = planning.verdict(result, technique)
    if found_verdict.blocked and not found_verdict.overridable:
        raise PlanError(
            f"{technique.name} is blocked by {', '.join(found_verdict.codes)} and can't be added.",
            "entry",
        )
    reason = reason.strip() if found_verdict.blocked else ""
    if found_verdict.blocked and not reason:
        raise PlanError(
            "Write the reason: name the clearance or the client's consent that allows it.",
            "reason",
        )
    items = plan_items(session)
    if any(item.entry_id == technique.pk for item in items):
        raise PlanError(f"{technique.name} is in the plan already.", "entry")
    total = sum(item.minutes for item in items) + minutes
    if total > session.length:
        raise PlanError(over_length_message(total, session.length), "minutes")
    position = planning.insert_position([item.entry.role for item in items], technique.role)
    with transaction.atomic():
        for item in items[position:]:
            item.position += 1
        PlanItem.objects.bulk_update(items, ["position"])
        return PlanItem.objects.create(
            session=session,
            entry_id=technique.pk,
            position=position,
            minutes=minutes,
            override_reason=reason,
        )


def over_length_message(total: int, length: int) -> str:
    return (
        f"That makes {total} minutes, over the {length}-minute session by "
        f"{total - length}. Shorten or remove something first."
    )


def plan_update(
    *, session: Session, minutes: dict[int, int], remove: int | None = None, move: tuple = ()
) -> None:
    """Set minutes, and remove one item or move one up or down (`move` = (pk, -1 or +1))."""
    items = plan_items(session)
    if remove is not None:
        items = [item for item in items if item.pk != remove]
    total = sum(minutes.get(item.pk, item.minutes) for item in items)
    if total > session.length:
        raise PlanError(over_length_message(total, session.length))
    if move:
        pk, step = move
        index = next((i for i, item in enumerate(items) if item.pk == pk), None)
        if index is not None and 0 <= index + step < len(items):
            items[index], items[index + step] = items[index + step], items[index]
    with transaction.atomic():
        if remove is not None:
            session.plan_items.filter(pk=remove).delete()
        for position, item in enumerate(items):
            item.position = position
            item.minutes = minutes.get(item.pk, item.minutes)
        PlanItem.objects.bulk_update(items, ["position", "minutes"])


def plan_text(items: list[PlanItem]) -> str:
    """The plan in words, the starting text of a note's "what was done"."""
    return "\n".join(f"{item.entry.name} – {item.minutes} min" for item in items)


# --- Notes -------------------------------------------------------------------------------


class NoteLocked(Exception):
    """The note is signed: only amendments may be added."""


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
) -> Note:
    """Save the draft note and the session's activity scores (None clears a score), and
    sign it when asked, as one change.

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
            note.signed_by, note.signed_at = by, timezone.now()
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:  # someone else's first save of this note won the race
            raise revisions.Stale from None
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
        locked = Note.objects.select_for_update().get(pk=note.pk)
        if locked.is_signed:
            raise NoteLocked
        revisions.claim(Note.objects.filter(signed_at__isnull=True), note.pk, loaded)
        Note.objects.filter(pk=note.pk).update(signed_by=by, signed_at=timezone.now())
    note.refresh_from_db()
    return note


def note_amend(*, note: Note, text: str, by) -> NoteAmendment:
    if not note.is_signed:
        raise PlanError("Only a signed note takes amendments: edit the draft instead.")
    return NoteAmendment.objects.create(note=note, author=by, text=text)


def activities_save(*, client, names: list[str]) -> list[Activity]:
    """Up to three activities by position; a blank name removes one that has no scores."""
    current = {activity.position: activity for activity in client.activities.all()}
    with transaction.atomic():
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


# --- The calendar feed -------------------------------------------------------------------


def feed_renew(*, user, practice) -> CalendarFeed:
    """Create the therapist's feed, or give it a new address (the old one stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.renew()
    _audit_feed(user, practice, feed, AuditEvent.Action.CREATED)
    return feed


def feed_revoke(*, user, practice) -> None:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed:
        _audit_feed(user, practice, feed, AuditEvent.Action.REVOKED)
        feed.delete()


def _audit_feed(user, practice, feed: CalendarFeed, action: str) -> None:
    # Not about one client, so audit.record (which needs a client) doesn't fit.
    AuditEvent.objects.create(
        practice=practice, user=user, action=action, target=f"calendar feed {feed.pk}"
    )
