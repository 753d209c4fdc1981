"""A session's plan: suggesting, adding, overriding, moving and removing techniques.

Every function checks the rules against the client's current screening
(clients.services.screening) and writes inside one transaction that first takes the
session's write lock, so two requests at the same instant can't both pass the checks
(the same technique twice, or more minutes than the session holds).

When the screening changes, an unsigned plan keeps its items: a now-blocked item is
marked blocked with its codes and left out of the total, the printout and the note's
"what was done" (SCREENING.md section 4, rule 3); it can only be removed or overridden.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from clients import planning, screening
from clients.library import LibraryItem, as_library_entry
from clients.models import Note, PlanItem, Session
from clients.screening import Verdict
from clients.services.screening import CurrentScreening
from techniques import vocabulary as vocab
from techniques.models import Contraindication, Entry


class PlanError(Exception):
    """A plan change the rules refuse; `field` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class PlannedItem:
    """A plan item with the current screening's verdict on it."""

    item: PlanItem
    verdict: Verdict

    @property
    def counts(self) -> bool:
        """Counts in the total, the printout and the note: allowed, or overridden (rule 9),
        and still published (an unpublished entry is flagged for the therapist to remove)."""
        return self.item.entry.published and self.verdict.permits(self.item.override_reason)

    @property
    def minutes(self) -> int:
        return self.item.minutes


def plan_items(session: Session) -> list[PlanItem]:
    return list(
        session.plan_items.select_related("entry")
        .prefetch_related(
            Prefetch(
                "entry__extra_contraindications",
                queryset=Contraindication.objects.only("code"),
            )
        )
        .order_by("position", "pk")
    )


def planned(session: Session, found: CurrentScreening) -> list[PlannedItem]:
    """The plan against the current screening. The check reads the entry itself, so an
    entry unpublished meanwhile is still checked, never hidden."""
    return [
        PlannedItem(item, found.verdict(as_library_entry(item.entry)))
        for item in plan_items(session)
    ]


def counted(rows: list[PlannedItem]) -> list[PlannedItem]:
    return [row for row in rows if row.counts]


def plan_total(rows: list[PlannedItem]) -> int:
    return sum(row.minutes for row in counted(rows))


def plan_text(rows: list[PlannedItem]) -> str:
    """The plan in words, the starting text of a note's "what was done": blocked items
    are left out."""
    return "\n".join(f"{row.item.entry.name} – {row.minutes} min" for row in counted(rows))


def plan_snapshot(rows: list[PlannedItem]) -> list[dict]:
    """What a signed note keeps of the plan, so the record never changes with the library."""
    return [
        {
            "slug": row.item.entry.slug,
            "name": row.item.entry.name,
            "regions": list(row.item.entry.regions),
            "modality": row.item.entry.modality,
            "minutes": row.minutes,
            "override_reason": row.item.override_reason,
        }
        for row in counted(rows)
    ]


def treated_side(pain_regions) -> str | None:
    """The side a session addresses, from the regions marked on the pain map: "left",
    "right", "both", or None when no region with a side is marked."""
    sides = {vocab.PAIN_REGIONS[code].side for code in pain_regions if code in vocab.PAIN_REGIONS}
    sides.discard(None)
    return screening.BOTH if len(sides) > 1 else next(iter(sides), None)


def lock_session(session: Session) -> None:
    """Take the session's write lock first thing in a transaction: a row lock on
    PostgreSQL, and SQLite's one write lock (a write as the first statement), so the
    checks that follow see every earlier change and no later one can interleave."""
    Session.objects.filter(pk=session.pk).update(updated=timezone.now())


def require_plannable(found: CurrentScreening) -> None:
    if not found.screened:
        raise PlanError("The client has no signed intake, so nothing can be planned yet.")
    if found.do_not_treat:
        raise PlanError("Screening says do not treat: no plan can be made for this session.")


def require_unsigned(session: Session) -> None:
    if Note.objects.filter(session=session, signed_at__isnull=False).exists():
        raise PlanError("The session note is signed, so the plan is part of the record now.")


def over_length_message(total: int, length: int) -> str:
    return (
        f"That makes {total} minutes, over the {length}-minute session by "
        f"{total - length}. Shorten or remove something first."
    )


def plan_suggest(*, session: Session, focus: str, found: CurrentScreening) -> list[PlanItem]:
    """Replace the plan with a suggestion for `focus` from the published techniques."""
    require_plannable(found)
    techniques = [item for item in found.library if item.is_technique]
    suggestion = planning.suggest_plan(found.result, techniques, focus, session.length)
    with transaction.atomic():
        lock_session(session)
        require_unsigned(session)
        session.focus = focus
        session.save(update_fields=["focus", "updated"])
        session.plan_items.all().delete()
        items = PlanItem.objects.bulk_create(
            PlanItem(session=session, entry_id=t.pk, position=index, minutes=t.minutes)
            for index, t in enumerate(suggestion)
        )
        Entry.objects.filter(pk__in=[t.pk for t in suggestion]).mark_used()
    return items


def plan_add(
    *,
    session: Session,
    found: CurrentScreening,
    slug: str,
    minutes: int,
    reason: str = "",
) -> PlanItem:
    """Add one technique; a blocked one only under rule 9 and with a written reason."""
    require_plannable(found)
    technique = found.item(slug)
    if technique is None or not technique.is_technique:
        raise PlanError("Choose a published session technique.", "entry")
    reason = _checked_reason(found, technique, reason)
    try:
        with transaction.atomic():
            lock_session(session)
            require_unsigned(session)
            rows = planned(session, found)
            if any(row.item.entry_id == technique.pk for row in rows):
                raise PlanError(f"{technique.name} is in the plan already.", "entry")
            total = plan_total(rows) + minutes
            if total > session.length:
                raise PlanError(over_length_message(total, session.length), "minutes")
            items = [row.item for row in rows]
            position = planning.insert_position([item.entry.role for item in items], technique.role)
            for item in items[position:]:
                item.position += 1
            PlanItem.objects.bulk_update(items, ["position"])
            item = PlanItem.objects.create(
                session=session,
                entry_id=technique.pk,
                position=position,
                minutes=minutes,
                override_reason=reason,
            )
            Entry.objects.filter(pk=technique.pk).mark_used()
    except IntegrityError:  # the unique (session, entry) constraint: a racing add won
        raise PlanError(f"{technique.name} is in the plan already.", "entry") from None
    return item


def _checked_reason(found: CurrentScreening, technique: LibraryItem, reason: str) -> str:
    verdict = found.verdict(technique.library_entry)
    if not verdict.blocked:
        return ""
    if not verdict.overridable:
        raise PlanError(
            f"{technique.name} is blocked by {', '.join(verdict.codes)} and can't be added.",
            "entry",
        )
    problem = screening.override_reason_problem(reason)
    if problem:
        raise PlanError(problem, "reason")
    return reason.strip()


def plan_override(
    *, session: Session, found: CurrentScreening, item_pk: int, reason: str
) -> PlanItem:
    """Keep a now-blocked item under rule 9, with a written reason."""
    require_plannable(found)
    with transaction.atomic():
        lock_session(session)
        require_unsigned(session)
        rows = planned(session, found)
        row = next((r for r in rows if r.item.pk == item_pk), None)
        if row is None:
            raise PlanError("That item is no longer in the plan.")
        if not row.verdict.blocked:
            raise PlanError(f"{row.item.entry.name} is not blocked: no reason is needed.")
        if not row.verdict.overridable:
            raise PlanError(
                f"{row.item.entry.name} is blocked by {', '.join(row.verdict.codes)}: it can "
                "only be removed."
            )
        problem = screening.override_reason_problem(reason)
        if problem:
            raise PlanError(problem, "reason")
        total = plan_total(rows) + (0 if row.counts else row.item.minutes)
        if total > session.length:
            raise PlanError(over_length_message(total, session.length))
        row.item.override_reason = reason.strip()
        row.item.save(update_fields=["override_reason"])
    return row.item


def plan_update(
    *,
    session: Session,
    minutes: dict[int, int],
    remove: int | None = None,
    move: tuple = (),
    found: CurrentScreening | None = None,
) -> None:
    """Set minutes, and remove one item or move one up or down (`move` = (pk, -1 or +1)).
    Blocked items don't count towards the session's length (they are not done)."""
    with transaction.atomic():
        lock_session(session)
        require_unsigned(session)
        rows = planned(session, found) if found else None
        items = plan_items(session) if rows is None else [row.item for row in rows]
        counts = {row.item.pk: row.counts for row in rows} if rows else {}
        if remove is not None:
            items = [item for item in items if item.pk != remove]
        total = sum(
            minutes.get(item.pk, item.minutes) for item in items if counts.get(item.pk, True)
        )
        if total > session.length:
            raise PlanError(over_length_message(total, session.length))
        if move:
            pk, step = move
            index = next((i for i, item in enumerate(items) if item.pk == pk), None)
            if index is not None and 0 <= index + step < len(items):
                items[index], items[index + step] = items[index + step], items[index]
        if remove is not None:
            session.plan_items.filter(pk=remove).delete()
        for position, item in enumerate(items):
            item.position = position
            item.minutes = minutes.get(item.pk, item.minutes)
        PlanItem.objects.bulk_update(items, ["position", "minutes"])
