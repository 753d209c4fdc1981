"""Optimistic locking of the texts two people may edit at once: intake drafts, session
notes and draft self-care sheets.

Each of these rows counts its saves in `revision`. An edit form carries the revision it
was loaded at; a save claims the next revision with one conditional UPDATE (… WHERE
revision = loaded), so of two saves racing only one wins, on any database, and the other
is told who saved first instead of silently overwriting them. Code paths that change the
same text without a form (signing, issuing, items taken off by a switch) count a revision
too, so a form loaded before them can't win afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from clients import audit
from clients.models import AuditEvent

FIELD = "revision"  # the name of the hidden field, and of the model field

# Audit actions that change a record's text; who did the latest one "saved it".
WRITES = (
    AuditEvent.Action.CREATED,
    AuditEvent.Action.CHANGED,
    AuditEvent.Action.SIGNED,
    AuditEvent.Action.ISSUED,
    AuditEvent.Action.SUBMITTED,
)


class Stale(Exception):
    """The stored row moved on since the form was loaded (or the form gave no revision)."""


def loaded_revision(data) -> int | None:
    """The revision a posted form was loaded at; None when missing or not a count."""
    value = (data.get(FIELD) or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def claim(queryset: models.QuerySet, pk: int, loaded: int | None) -> int:
    """Claim the next revision of row `pk` in `queryset`, whose filters say what may still
    be edited (e.g. drafts only). `loaded=None` counts a change that comes from no form.

    Call inside `transaction.atomic()`, before writing: the UPDATE also locks the row for
    the rest of the transaction. Raises Stale when the row is not at `loaded` (or is no
    longer editable); returns the new revision.
    """
    rows = queryset.filter(pk=pk)
    changes = {"updated": timezone.now()}
    if loaded is None:
        if not rows.update(revision=F(FIELD) + 1, **changes):
            raise Stale
        return rows.values_list(FIELD, flat=True).get()
    if not rows.filter(revision=loaded).update(revision=loaded + 1, **changes):
        raise Stale
    return loaded + 1


@dataclass
class Conflict:
    """What the edit page says when a save was refused; worded in edit_conflict.html.

    `reason` is "stale" (someone saved first), "locked" (signed or issued meanwhile) or
    "unknown" (the form carried no usable revision). `saved` lists the stored text as
    (label, text) pairs, shown read-only beside the user's unsaved version.
    """

    reason: str
    noun: str
    latest_url: str
    latest_label: str
    who: str = ""
    by_you: bool = False
    at: datetime | None = None
    locked_verb: str = ""
    advice: str = ""
    saved: list[tuple[str, str]] = field(default_factory=list)

    @property
    def today(self) -> bool:
        return self.at is not None and timezone.localdate(self.at) == timezone.localdate()


def conflict_for(
    request: HttpRequest,
    stored: models.Model,
    *,
    client_id: int,
    loaded: int | None,
    noun: str,
    latest_url: str,
    saved: list[tuple[str, str]],
    locked_by=None,
    locked_at: datetime | None = None,
    locked_verb: str = "",
    advice: str = "",
) -> Conflict:
    """Explain why a save of `stored` (freshly read) was refused.

    Pass `locked_verb` ("signed", "issued") when the record can no longer be edited at all.
    """
    common = {"noun": noun, "latest_url": latest_url, "saved": saved, "advice": advice}
    if locked_verb:
        return Conflict(
            "locked",
            latest_label=f"Open the {locked_verb} {noun}",
            locked_verb=locked_verb,
            at=locked_at,
            **_who(request, locked_by),
            **common,
        )
    if loaded is None:
        return Conflict("unknown", latest_label=f"Open the latest {noun}", **common)
    user, at = last_writer(stored, client_id)
    return Conflict(
        "stale", latest_label=f"Open the latest {noun}", at=at, **_who(request, user), **common
    )


# What a locked record's page advises, by noun: a signed intake or note, an issued sheet.
LOCKED_ADVICE = {
    "intake": "A signed intake can't be changed: open it and start a new intake from it to "
    "record new answers.",
    "note": "A signed note can't be changed: open it and add what you need as an amendment.",
    "sheet": "An issued sheet can't be changed: open it and start a new sheet from it if "
    "something should change.",
}


def conflict_response(
    request: HttpRequest,
    stored: models.Model,
    *,
    client_id: int,
    loaded: int | None,
    noun: str,
    latest_url: str,
    saved: list[tuple[str, str]],
    render: Callable[[Conflict], HttpResponse],
    advice: str = "",
) -> HttpResponse:
    """The one edit-conflict answer of intakes, notes and sheets: the page again (drawn by
    `render`, holding what the user typed) with a 409 that says who saved, signed or
    issued the stored version, and when."""
    lock: dict = {"advice": advice}
    if getattr(stored, "is_issued", False):
        lock = {
            "locked_verb": "issued",
            "locked_by": stored.issued_by,
            "locked_at": stored.issued_at,
        }
    elif getattr(stored, "is_signed", False):
        lock = {
            "locked_verb": "signed",
            "locked_by": stored.signed_by,
            "locked_at": stored.signed_at,
        }
    if "locked_verb" in lock:
        lock["advice"] = LOCKED_ADVICE[noun]
    conflict = conflict_for(
        request,
        stored,
        client_id=client_id,
        loaded=loaded,
        noun=noun,
        latest_url=latest_url,
        saved=saved,
        **lock,
    )
    response = render(conflict)
    response.status_code = 409
    return response


def _who(request: HttpRequest, user) -> dict:
    if user is None:
        return {}
    return {"who": user.display_name, "by_you": user.pk == request.user.pk}


def last_writer(stored: models.Model, client_id: int) -> tuple[object | None, datetime | None]:
    """Who saved `stored` last and when, from the audit trail: the latest writing event,
    if it is not older than the row's last change (a change that left no audit row, such
    as an item taken off by a switch, is reported as made by someone unnamed)."""
    event = (
        AuditEvent.objects.filter(
            client_id=client_id,
            target=audit.target_of(stored),
            action__in=WRITES,
        )
        .select_related("user")
        .order_by("-at", "-pk")
        .first()
    )
    updated = getattr(stored, "updated", None)
    if event is None or (updated is not None and event.at < updated):
        return None, updated
    return event.user, event.at
