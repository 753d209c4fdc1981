"""Self-care sheets: what the builder offers a client, changing a draft, issuing it, and
what an issued sheet's private link must pause when the client's screening changes.

* what the builder offers: suggested items from the client's likely patterns, the rest
  of the library, and what screening leaves out and why (the one verdict of
  clients.services.screening, rules 7 and 9);
* adding, moving and removing items, and the per-client switch of the psoas ball, each
  counted as a change of the draft (`draft_change`), so a stale builder form can't win;
* issuing: a frozen snapshot of exactly what the client received;
* paused items: those of an issued sheet that the current screening blocks, checked
  against the regions and modality kept in the snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from clients import revisions, screening
from clients.documents import phone_numbers, seek_help_notice, sheet_document
from clients.generic_sheets import ALL_PATTERNS
from clients.library import as_library_entry
from clients.models import Client, EntrySwitch, Sheet, SheetItem, SheetLink, SheetStatus
from clients.screening import Verdict
from clients.services.screening import CurrentScreening, code_labels, current_screening
from clinic.models import User
from techniques import vocabulary as vocab
from techniques.models import DOSE_FIELDS, Contraindication, Entry


class SheetError(Exception):
    """A change the rules don't allow; the message is shown to the therapist as it is."""


def self_care_entries(client: Client | None = None, *, also: Iterable[int] = ()) -> list[Entry]:
    """Published self-care items (plus the entries `also` names, published or not), with
    their extra contraindications and, for a client, whether each is switched on.
    Two queries whatever the size of the library."""
    entries = (
        Entry.objects.self_care()
        .filter(Q(published=True) | Q(pk__in=list(also)))
        .prefetch_related(
            Prefetch("extra_contraindications", queryset=Contraindication.objects.only("code"))
        )
        .order_by("name")
    )
    if client is not None:
        switched = EntrySwitch.objects.filter(client=client, entry=OuterRef("pk"))
        entries = entries.annotate(switched_on=Exists(switched))
    return list(entries)


def entry_verdict(found: CurrentScreening, entry: Entry) -> Verdict:
    """The one verdict, for a model entry on a sheet (with its per-client switch)."""
    return found.verdict(
        as_library_entry(entry),
        needs_switch=entry.needs_client_switch,
        switched_on=getattr(entry, "switched_on", False),
    )


# --- The builder ---------------------------------------------------------------------------


@dataclass
class Option:
    entry: Entry
    verdict: Verdict
    suggested: bool


@dataclass
class Builder:
    """Everything the builder page shows about a draft, computed in a fixed number of queries."""

    sheet: Sheet
    state: CurrentScreening
    entries: dict[int, Entry]
    items: list[SheetItem]
    verdicts: dict[int, Verdict] = field(default_factory=dict)

    @property
    def on_sheet(self) -> set[int]:
        return {item.entry_id for item in self.items}

    def options(self) -> list[Option]:
        likely = set(self.state.likely_patterns) | {ALL_PATTERNS}
        return [
            Option(entry, self.verdicts[entry.pk], bool(likely & set(entry.patterns)))
            for entry in self.entries.values()
            if entry.published and entry.pk not in self.on_sheet
        ]

    @property
    def suggested(self) -> list[Option]:
        return [o for o in self.options() if o.suggested and not o.verdict.blocked]

    @property
    def available(self) -> list[Option]:
        return [o for o in self.options() if not o.suggested and not o.verdict.blocked]

    @property
    def overridable(self) -> list[Option]:
        return [o for o in self.options() if o.verdict.blocked and o.verdict.overridable]

    @property
    def left_out(self) -> list[Option]:
        """Blocked, with no override; per-client entries are listed apart (`switchable`)."""
        return [
            o
            for o in self.options()
            if o.verdict.blocked and not o.verdict.overridable and not o.entry.needs_client_switch
        ]

    @property
    def switchable(self) -> list[Option]:
        """Entries a therapist switches on per client (the psoas ball), on the sheet or not."""
        return [
            Option(entry, self.verdicts[entry.pk], False)
            for entry in self.entries.values()
            if entry.needs_client_switch and entry.published
        ]

    def item_verdict(self, item: SheetItem) -> Verdict:
        return self.verdicts[item.entry_id]

    @property
    def problems(self) -> list[SheetItem]:
        """Items on the draft that can't be issued as they are."""
        return [
            item
            for item in self.items
            if not self.verdicts[item.entry_id].permits(item.override_reason)
        ]

    @property
    def preview_items(self) -> list[SheetItem]:
        """What a preview of the draft may show: never a blocked item's instructions."""
        return [item for item in self.items if item not in self.problems]


def load_builder(sheet: Sheet) -> Builder:
    """Items, library, switches and the client's current screening, in a fixed number of
    queries whatever the record's size."""
    items = list(sheet.items.all())
    entries = self_care_entries(sheet.client, also=[item.entry_id for item in items])
    state = current_screening(sheet.client)
    builder = Builder(sheet, state, {entry.pk: entry for entry in entries}, items)
    builder.verdicts = {entry.pk: entry_verdict(state, entry) for entry in entries}
    for item in items:
        item.entry = builder.entries[item.entry_id]
    return builder


def start_sheet(client: Client, by: User, *, copy_from: Sheet | None = None) -> Sheet:
    """A new draft: the suggested items, or those of `copy_from` that are still allowed."""
    with transaction.atomic():
        sheet = Sheet.objects.create(client=client, created_by=by)
        builder = load_builder(sheet)
        if copy_from is not None:
            sheet.note = copy_from.note
            sheet.snapshot = {"replaces": copy_from.pk}
            sheet.save(update_fields=["note", "snapshot"])
            kept = [
                item
                for item in copy_from.items.all()
                if item.entry_id in builder.entries
                and builder.entries[item.entry_id].published
                and builder.verdicts[item.entry_id].permits(item.override_reason)
            ]
            SheetItem.objects.bulk_create(
                SheetItem(
                    sheet=sheet,
                    entry_id=item.entry_id,
                    position=position,
                    override_reason=item.override_reason
                    if builder.verdicts[item.entry_id].blocked
                    else "",
                    **{name: getattr(item, name) for name in DOSE_FIELDS},
                )
                for position, item in enumerate(kept)
            )
        else:
            SheetItem.objects.bulk_create(
                _new_item(sheet, option.entry, position)
                for position, option in enumerate(
                    # Exercises first, everyday advice after them.
                    sorted(builder.suggested, key=lambda o: o.entry.modality == vocab.ADVICE)
                )
            )
    return sheet


def _new_item(sheet: Sheet, entry: Entry, position: int, override_reason: str = "") -> SheetItem:
    """An item with the entry's default dose, which the therapist may then change."""
    dose = {name: getattr(entry, name) for name in DOSE_FIELDS}
    return SheetItem(
        sheet=sheet, entry=entry, position=position, override_reason=override_reason, **dose
    )


@contextmanager
def draft_change(sheet: Sheet, loaded: int | None = None) -> Iterator[None]:
    """One change to a draft, in one transaction that first claims the draft's next
    revision (see clients.revisions): raises revisions.Stale when the draft moved on from
    `loaded` (None: count the change whatever the revision) or was issued meanwhile.

    The builder wraps a whole POST (fields and action) in one; the item functions below
    open their own when called alone, so every change counts exactly once.
    """
    if getattr(sheet, "_change_claimed", False):
        yield
        return
    drafts = Sheet.objects.filter(status=SheetStatus.DRAFT)
    with transaction.atomic():
        sheet.revision = revisions.claim(drafts, sheet.pk, loaded)
        sheet._change_claimed = True
        try:
            yield
        finally:
            sheet._change_claimed = False


def add_item(builder: Builder, entry: Entry, *, override_reason: str = "") -> SheetItem:
    """Add `entry` at the end of the draft, as screening and rule 9 allow."""
    sheet = builder.sheet
    _require_draft(sheet)
    if entry.pk in builder.on_sheet:
        raise SheetError(f"{entry.name} is on the sheet already.")
    verdict = builder.verdicts.get(entry.pk)
    if verdict is None or not entry.published:
        raise SheetError("That item is not in the published library.")
    if verdict.blocked:
        if not verdict.overridable:
            raise SheetError(f"{entry.name} can't be added: {verdict.reason}")
        problem = screening.override_reason_problem(override_reason)
        if problem:
            raise SheetError(f"{entry.name}: {problem}")
    reason = override_reason.strip() if verdict.blocked else ""
    item = _new_item(sheet, entry, len(builder.items), reason)
    with draft_change(sheet):
        item.save()
    builder.items.append(item)
    return item


def remove_item(sheet: Sheet, item_pk: int) -> None:
    _require_draft(sheet)
    with draft_change(sheet):
        sheet.items.filter(pk=item_pk).delete()
        _renumber(sheet)


def move_item(sheet: Sheet, item_pk: int, step: int) -> None:
    """Move an item one place up (step -1) or down (step +1)."""
    _require_draft(sheet)
    items = list(sheet.items.all())
    index = next((i for i, item in enumerate(items) if item.pk == item_pk), None)
    if index is None or not 0 <= index + step < len(items):
        return
    items[index], items[index + step] = items[index + step], items[index]
    with draft_change(sheet):
        _renumber(sheet, items)


def _renumber(sheet: Sheet, items: list[SheetItem] | None = None) -> None:
    items = items if items is not None else list(sheet.items.all())
    for position, item in enumerate(items):
        item.position = position
    SheetItem.objects.bulk_update(items, ["position"])


def _require_draft(sheet: Sheet) -> None:
    if sheet.is_issued:
        raise SheetError("This sheet has been issued and can't be changed. Start a new one.")


def set_switch(client: Client, entry: Entry, *, on: bool, by: User) -> None:
    """Switch a per-client entry on or off; off also takes it off the client's drafts."""
    if not entry.needs_client_switch:
        raise SheetError(f"{entry.name} needs no switch: it is offered to every client.")
    with transaction.atomic():
        if on:
            EntrySwitch.objects.get_or_create(
                client=client, entry=entry, defaults={"switched_on_by": by}
            )
            return
        EntrySwitch.objects.filter(client=client, entry=entry).delete()
        drafts = Sheet.objects.filter(client=client, status=SheetStatus.DRAFT)
        taken_off = SheetItem.objects.filter(sheet__in=drafts, entry=entry)
        changed = list(taken_off.values_list("sheet_id", flat=True))
        taken_off.delete()
        # The drafts changed: a builder form loaded before this can't put the item back.
        drafts.filter(pk__in=changed).update(revision=F("revision") + 1, updated=timezone.now())


# --- Issuing and the snapshot ------------------------------------------------------------


def issue_sheet(*, sheet: Sheet, by: User, loaded: int | None = None) -> Sheet:
    """Freeze exactly what the client receives. Refused while an item is not allowed.

    `loaded`, when given, must still be the draft's revision (raises revisions.Stale
    otherwise), so only what the therapist saw gets issued.
    """
    with transaction.atomic():
        locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.is_issued:
            raise SheetError("This sheet has been issued already.")
        drafts = Sheet.objects.filter(status=SheetStatus.DRAFT)
        revision = revisions.claim(drafts, sheet.pk, loaded)
        sheet.note = locked.note  # as stored now, not as this request first read it
        builder = load_builder(sheet)
        if not builder.items:
            raise SheetError("Add at least one item before issuing the sheet.")
        if builder.problems:
            names = ", ".join(item.entry.name for item in builder.problems)
            raise SheetError(f"Remove what screening doesn't allow before issuing: {names}.")
        replaces = (sheet.snapshot or {}).get("replaces")
        sheet.issued_at = timezone.now()
        sheet.issued_by = by
        sheet.snapshot = sheet_document(
            practice=sheet.client.practice,
            first_name=sheet.client.first_name,
            day=timezone.localdate(sheet.issued_at),
            therapist=by.display_name,
            note=sheet.note,
            items=builder.items,
            found=builder.state,
        )
        if replaces:
            sheet.snapshot["replaces"] = replaces
        sheet.status, sheet.revision = SheetStatus.ISSUED, revision
        sheet.save()
        Entry.objects.filter(pk__in=[item.entry_id for item in builder.items]).mark_used()
        if replaces:
            # The new sheet replaces one that now holds something unsafe: its links stop.
            SheetLink.objects.filter(
                sheet_id=replaces, sheet__client=sheet.client, revoked_at__isnull=True
            ).update(revoked_at=sheet.issued_at)
    return sheet


# --- Issued sheets that the current screening blocks ---------------------------------------


def snapshot_entry(item: dict[str, Any], extra: Iterable[str] = ()) -> screening.LibraryEntry:
    """An issued item as screening sees it, from what the snapshot kept (older snapshots
    kept one `region`), so unpublishing or deleting the entry never hides it; the extra
    contraindications are those kept plus any an admin added since."""
    regions = item.get("regions")
    if regions is None:
        regions = [item["region"]] if item.get("region") else []
    return screening.LibraryEntry(
        slug=item["slug"],
        regions=frozenset(regions),
        modality=item["modality"],
        extra_contraindications=frozenset(item.get("extra_contraindications") or ()) | set(extra),
    )


def paused_items(
    sheet: Sheet, found: CurrentScreening | None, extras: dict[str, set[str]] | None = None
) -> list[dict[str, Any]]:
    """Items of an issued sheet that the client's current screening blocks (beyond the
    override written on the sheet): the link shows them paused, without instructions."""
    if not sheet.is_issued or found is None:
        return []
    extras = current_extras(sheet) if extras is None else extras
    paused = []
    for item in sheet.snapshot.get("items", []):
        verdict = found.verdict(snapshot_entry(item, extras.get(item["slug"], ())))
        if not verdict.blocked:
            continue
        overridden = set(item.get("override_codes") or ())
        if item.get("override_reason") and verdict.codes and set(verdict.codes) <= overridden:
            continue
        paused.append(
            {
                **item,
                "codes": list(verdict.codes),
                "labels": code_labels(verdict.codes) or verdict.reason,
            }
        )
    return paused


def current_extras(sheet: Sheet) -> dict[str, set[str]]:
    """Extra contraindications an admin lists today on the sheet's entries, by slug."""
    return extras_by_slug(item["slug"] for item in sheet.snapshot.get("items", []))


@dataclass
class PausedSheet:
    sheet: Sheet
    items: list[dict[str, Any]]


def paused_sheets(sheets: list[Sheet], found: CurrentScreening) -> list[PausedSheet]:
    """Issued sheets with items the current screening pauses; two queries in all."""
    extras = extras_by_slug(
        item["slug"] for sheet in sheets for item in sheet.snapshot.get("items", [])
    )
    found_sheets = [PausedSheet(sheet, paused_items(sheet, found, extras)) for sheet in sheets]
    return [paused for paused in found_sheets if paused.items]


def extras_by_slug(slugs: Iterable[str]) -> dict[str, set[str]]:
    slugs = list(dict.fromkeys(slugs))
    extras: dict[str, set[str]] = {}
    rows = Entry.extra_contraindications.through.objects.filter(entry__slug__in=slugs)
    for slug, code in rows.values_list("entry__slug", "contraindication_id"):
        extras.setdefault(slug, set()).add(code)
    return extras


PAUSED_TEXT = "Your therapist has paused this one for now. Please ask them before you do it again."


def link_document(sheet: Sheet, found: CurrentScreening) -> dict[str, Any]:
    """What the client's private link shows (page and PDF): the issued snapshot, with each
    item the current screening blocks replaced by a line saying it is paused (no
    instructions), and, when triage is now emergency or urgent, that notice first."""
    doc = dict(sheet.snapshot)
    paused = {item["slug"] for item in paused_items(sheet, found)}
    doc["items"] = [
        {"slug": item["slug"], "name": item["name"], "paused": True, "paused_text": PAUSED_TEXT}
        if item["slug"] in paused
        else item
        for item in sheet.snapshot.get("items", [])
    ]
    if found.triage in (vocab.EMERGENCY, vocab.URGENT) or found.do_not_treat:
        doc["notice"] = seek_help_notice(found.result, phone_numbers(sheet.client.practice))
    return doc
