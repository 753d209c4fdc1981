"""Self-care sheets: what may go on a client's sheet, issuing it, and what a sheet says.

One module for the workflows every entry point shares (views, tests, a future command):

* what the builder offers: suggested items from the client's likely patterns, the rest
  of the library, and what screening leaves out and why (SCREENING.md rules 7 and 9);
* adding, moving and removing items, and the per-client switch of the psoas ball, each
  counted as a change of the draft (`draft_change`), so a stale builder form can't win;
* issuing: a frozen snapshot of exactly what the client received;
* spotting items of an issued sheet that the client's screening now blocks, and starting
  a new sheet without them;
* the generic sheets, and emailing a private link.

Wording the client reads lives in templates and in the plain-language labels of
techniques.vocabulary; the rules live in clients.screening.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from clients import revisions, screening
from clients.models import Client, EntrySwitch, Sheet, SheetItem, SheetLink, SheetStatus
from clinic.models import Practice, User
from clinic.pdf import PDF_CACHE_SECONDS, pdf_cache_key
from clinic.qr import qr_svg
from techniques import vocabulary as vocab
from techniques.diagrams import REGION_NAMES
from techniques.models import DOSE_FIELDS, Contraindication, Entry, describe_dose

ALL_PATTERNS = "all"
SNAPSHOT_VERSION = 1
LINK_DAYS = 30


class SheetError(Exception):
    """A change the rules don't allow; the message is shown to the therapist as it is."""


# --- What screening allows -----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Whether an item may go on this client's sheet, and if not, why not."""

    allowed: bool
    codes: tuple[str, ...] = ()
    overridable: bool = False
    reason: str = ""

    def permits(self, override_reason: str) -> bool:
        """Allowed as it is, or (rule 9) overridable and a reason was written."""
        return self.allowed or (self.overridable and bool(override_reason.strip()))


ALLOWED = Verdict(allowed=True)


@dataclass
class ClientScreening:
    """The client's current signed intake screened against the self-care library."""

    result: dict[str, Any] | None

    @property
    def screened(self) -> bool:
        return self.result is not None

    @property
    def decision(self) -> str | None:
        return self.result["decision"] if self.result else None

    @property
    def triage(self) -> str | None:
        return self.result["triage"] if self.result else None

    @property
    def stops_treatment(self) -> bool:
        return self.decision == screening.DO_NOT_TREAT

    @property
    def likely_patterns(self) -> list[str]:
        if not self.result:
            return []
        return [code for code, p in self.result["patterns"].items() if p["likely"]]


def library_entry(entry: Entry) -> screening.LibraryEntry:
    """Needs `extra_contraindications` prefetched (as `self_care_entries` does)."""
    return screening.LibraryEntry(
        slug=entry.slug,
        region=entry.region or None,
        modality=entry.modality,
        extra_contraindications=frozenset(ci.code for ci in entry.extra_contraindications.all()),
    )


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


def client_screening(client: Client, entries: Sequence[Entry]) -> ClientScreening:
    """Screen the client's current signed intake; two queries (intake, clearances)."""
    intake = client.intakes.signed().order_by("-signed_at").prefetch_related("clearances").first()
    if intake is None:
        return ClientScreening(None)
    intake.client = client
    library = [library_entry(entry) for entry in entries if entry.published]
    return ClientScreening(intake.screen(library))


def verdict_for(state: ClientScreening, entry: Entry) -> Verdict:
    """Rule 7 (blocked), rule 9 (override), the psoas-ball switch, and no intake = advice only."""
    if not state.screened:
        if entry.modality == vocab.ADVICE:
            return ALLOWED
        return Verdict(
            False, reason="No signed intake yet: until the client is screened, only advice."
        )
    result = state.result
    lib = library_entry(entry)
    if screening.is_blocked(result, lib):
        codes = tuple(screening.blocking_codes(result, lib))
        # A per-client entry (the psoas ball, next to the aorta) is never overridden.
        overridable = screening.override_allowed(codes, result["decision"]) and not (
            entry.needs_client_switch
        )
        return Verdict(False, codes, overridable, reason=_blocked_reason(result, codes))
    if entry.needs_client_switch and not getattr(entry, "switched_on", False):
        return Verdict(False, reason="Off until you switch it on for this client.")
    return ALLOWED


def _blocked_reason(result: dict[str, Any], codes: Sequence[str]) -> str:
    if result["decision"] == screening.DO_NOT_TREAT and not codes:
        return "Do not treat: advice only."
    labels = [f"{vocab.CONTRAINDICATIONS[code].label} ({code})" for code in codes]
    text = "Blocked by " + "; ".join(labels)
    if result["decision"] == screening.DO_NOT_TREAT:
        text += ". Do not treat: advice only"
    return text + "."


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
    state: ClientScreening
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
        return [o for o in self.options() if o.suggested and o.verdict.allowed]

    @property
    def available(self) -> list[Option]:
        return [o for o in self.options() if not o.suggested and o.verdict.allowed]

    @property
    def overridable(self) -> list[Option]:
        return [o for o in self.options() if not o.verdict.allowed and o.verdict.overridable]

    @property
    def left_out(self) -> list[Option]:
        """Blocked, with no override; per-client entries are listed apart (`switchable`)."""
        return [
            o
            for o in self.options()
            if not o.verdict.allowed
            and not o.verdict.overridable
            and not o.entry.needs_client_switch
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


PAPERS = ("a4", "letter")
DOCUMENT = "clients/sheet_document.html"  # the page, the print and the PDF of a sheet


def document_context(doc: dict[str, Any], online_url: str | None, paper: str) -> dict[str, Any]:
    """What DOCUMENT needs: the sheet, the address of its online copy and its QR code (when
    it has a link), and the paper."""
    return {
        "doc": doc,
        "online_url": online_url,
        "qr": qr_svg(online_url, title="QR code: open this sheet online") if online_url else "",
        "paper": paper,
    }


def paper_for(practice: Practice | None, asked: str = "") -> str:
    """The paper a sheet is printed on: what was asked (`?paper=`) when it is one we
    know, else US Letter for a practice in the Americas and A4 everywhere else."""
    asked = asked.lower()
    if asked in PAPERS:
        return asked
    return "letter" if practice and practice.time_zone.startswith("America/") else "a4"


def issued_pdf_key(sheet: Sheet, online_url: str | None, paper: str, base_url: str) -> str:
    """Where the PDF of an issued sheet is cached. Its content is frozen at issue, so
    the sheet (id and moment of issue: an id reused after a restore from backup makes a
    new key), the address its QR code carries, the paper and the site's address (links in
    the PDF) say everything."""
    return pdf_cache_key(
        "issued sheet",
        str(sheet.pk),
        sheet.issued_at.isoformat() if sheet.issued_at else "",
        online_url or "",
        paper,
        base_url,
    )


def _key_list(sheet_pk: int) -> str:
    return f"pdf-keys:sheet:{sheet_pk}"


def remember_pdf_key(sheet_pk: int, key: str) -> None:
    """Note a cached PDF of the sheet, so erasure finds every one (an older layout's or
    another host's too); the list lives as long as the newest PDF it names."""
    keys = cache.get(_key_list(sheet_pk)) or []
    if key not in keys:
        cache.set(_key_list(sheet_pk), [*keys, key], PDF_CACHE_SECONDS)


def remembered_pdf_keys(sheet_pks: Iterable[int]) -> list[str]:
    """Every cached PDF noted for these sheets, and the lists themselves."""
    lists = cache.get_many([_key_list(pk) for pk in sheet_pks])
    return [key for keys in lists.values() for key in keys] + list(lists)


def load_builder(sheet: Sheet) -> Builder:
    """Items, library, switches and screening: five queries (items, entries, their extra
    contraindications, intake, clearances)."""
    items = list(sheet.items.all())
    entries = self_care_entries(sheet.client, also=[item.entry_id for item in items])
    state = client_screening(sheet.client, entries)
    builder = Builder(sheet, state, {entry.pk: entry for entry in entries}, items)
    builder.verdicts = {entry.pk: verdict_for(state, entry) for entry in entries}
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
                    if not builder.verdicts[item.entry_id].allowed
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
    if not verdict.allowed:
        if not verdict.overridable:
            raise SheetError(f"{entry.name} can't be added: {verdict.reason}")
        if not override_reason.strip():
            raise SheetError(f"{entry.name} needs a written reason to be added.")
    reason = "" if verdict.allowed else override_reason.strip()
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


# --- Issuing and the snapshot ----------------------------------------------------------------


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
            state=builder.state,
        )
        if replaces:
            sheet.snapshot["replaces"] = replaces
        sheet.status, sheet.revision = SheetStatus.ISSUED, revision
        sheet.save()
        if replaces:
            # The new sheet replaces one that now holds something unsafe: its links stop.
            SheetLink.objects.filter(
                sheet_id=replaces, sheet__client=sheet.client, revoked_at__isnull=True
            ).update(revoked_at=sheet.issued_at)
    return sheet


def item_document(entry: Entry, dose_source: Any, *, override_reason: str = "", codes=()) -> dict:
    """One item as the client reads it; doses in words, steps and cautions as lists."""
    return {
        "slug": entry.slug,
        "name": entry.name,
        "summary": entry.summary,
        "region": entry.region or "",
        "region_name": REGION_NAMES.get(entry.region, ""),
        "modality": entry.modality,
        "image_url": entry.image.url if entry.image else "",
        "image_alt": entry.image_alt,
        "steps": entry.step_list,
        "dose": dose_text(entry.modality, dose_source),
        "cautions": entry.caution_list,
        "override_reason": override_reason,
        "override_codes": list(codes),
    }


def dose_text(modality: str, source: Any) -> str:
    """The dose of an item (or an entry) in words, worded as the library words it."""
    text = describe_dose(modality, source)
    return text[:1].upper() + text[1:]


def sheet_document(
    *,
    practice: Practice | None,
    first_name: str,
    day: date,
    therapist: str,
    note: str,
    items: Sequence[SheetItem],
    state: ClientScreening | None,
) -> dict[str, Any]:
    """The sheet as data: what the template renders and, once issued, the snapshot."""
    documents = []
    for item in items:
        codes = ()
        if item.override_reason and state and state.result:
            codes = tuple(screening.blocking_codes(state.result, library_entry(item.entry)))
        documents.append(
            item_document(item.entry, item, override_reason=item.override_reason, codes=codes)
        )
    return {
        "version": SNAPSHOT_VERSION,
        "practice": practice_document(practice),
        "first_name": first_name,
        "date": day.isoformat(),
        "therapist": therapist,
        "note": note.strip(),
        "notice": seek_help_notice(state),
        "items": documents,
        "help": seek_help_levels(),
    }


def practice_document(practice: Practice | None) -> dict[str, str]:
    if practice is None:
        return {}
    return {
        "name": practice.name,
        "address": practice.address,
        "phone": practice.phone,
        "email": practice.email,
        "website": practice.website,
        "logo_url": practice.logo.url if practice.logo else "",
    }


def seek_help_notice(state: ClientScreening | None) -> dict[str, str] | None:
    """What the sheet opens with when screening says see a doctor, in plain words."""
    if state is None or not state.screened:
        return None
    result = state.result
    if result["triage"] == vocab.EMERGENCY:
        return {
            "level": "emergency",
            "heading": "Please get emergency help now",
            "text": "Some of the signs you told us about need emergency care today. Please "
            "call the emergency services or go to A&E (the emergency department) now, and "
            "don't wait to see if they settle. Leave the exercises until a doctor says it is "
            "safe; this sheet holds general advice only.",
        }
    if result["triage"] == vocab.URGENT:
        return {
            "level": "urgent",
            "heading": "Please see a doctor today",
            "text": "Some of the signs you told us about need a doctor to check you today, "
            "before any massage or exercises. Please contact your doctor or an urgent care "
            "service today. Until a doctor has checked you, this sheet holds general advice "
            "only.",
        }
    if result["decision"] == screening.DO_NOT_TREAT:
        reasons = [
            vocab.CONTRAINDICATIONS[ci["code"]].client_label
            for ci in result["contraindications"]
            if ci["class"] == vocab.ABSOLUTE and ci["code"] != vocab.DERIVED_CONTRAINDICATION
        ]
        because = f" because of {'; '.join(reasons)}" if reasons else ""
        return {
            "level": "urgent",
            "heading": "Please check with a doctor first",
            "text": f"We can't give any hands-on treatment at the moment{because}. Please "
            "speak to your doctor, and see one today if you feel unwell or it gets worse. "
            "Until then, this sheet holds general advice only.",
        }
    if result["triage"] == vocab.GP_REVIEW:
        return {
            "level": "routine",
            "heading": "Please book a routine check with your doctor",
            "text": "Your therapist suggests a routine appointment with your GP to talk "
            "about your back pain. There is no need to rush, and you can carry on with this "
            "sheet in the meantime.",
        }
    return None


def seek_help_levels() -> list[dict[str, Any]]:
    """The three levels of SCREENING.md in the client's words; kept in every snapshot."""
    emergency = [flag for flag in vocab.RED_FLAGS.values() if flag.action == vocab.EMERGENCY]
    return [
        {
            "level": "emergency",
            "heading": "Call the emergency services or go to A&E now if you have",
            "signs": [flag.client_label for flag in emergency],
        },
        {
            "level": "urgent",
            "heading": "See a doctor the same day if you have",
            "signs": [
                "a temperature of 38 degrees or more, or you feel generally unwell",
                "pain that started after a fall, accident or injury",
                "pain that is much worse at night or when resting, whatever position you are in",
                "a pulsing or throbbing feeling in your belly",
                "new back pain when you have had cancer, or you are losing weight without trying",
                "numbness, tingling or weakness in your leg that is spreading or getting worse",
            ],
        },
        {
            "level": "routine",
            "heading": "Book a routine appointment with your GP if",
            "signs": [
                "your pain is not improving after a few weeks",
                "it keeps getting worse",
                "it stops you doing your normal daily activities or work",
            ],
        },
    ]


# --- Issued sheets that screening now blocks -------------------------------------------------


@dataclass
class BlockedNow:
    sheet: Sheet
    items: list[dict[str, Any]]


def blocked_now(sheet: Sheet, result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Items of an issued sheet that the current screening blocks (beyond an override)."""
    if not sheet.is_issued or not result:
        return []
    blocked = result["library"]["blocked"]
    found = []
    for item in sheet.snapshot.get("items", []):
        codes = blocked.get(item["slug"])
        if codes is None:
            continue
        overridden = set(item.get("override_codes") or ())
        if item.get("override_reason") and set(codes) <= overridden:
            continue
        found.append({**item, "codes": codes, "labels": _code_labels(codes)})
    return found


def _code_labels(codes: Iterable[str]) -> str:
    return "; ".join(f"{vocab.CONTRAINDICATIONS[code].label} ({code})" for code in codes)


# --- Generic sheets --------------------------------------------------------------------------


@dataclass(frozen=True)
class GenericSheet:
    slug: str
    title: str
    patterns: tuple[str, ...]
    about: str


GENERIC_SHEETS = {
    "psoas": GenericSheet(
        "psoas",
        "Psoas self-care",
        (vocab.PSOAS, ALL_PATTERNS),
        "Gentle stretches and everyday habits for a tight or irritated deep hip flexor "
        "(the psoas), which can add to low back and hip pain.",
    ),
    "sciatica": GenericSheet(
        "sciatica",
        "Sciatica self-care",
        (vocab.SCIATICA, vocab.DEEP_GLUTEAL, ALL_PATTERNS),
        "Gentle stretches, nerve-friendly movement and everyday habits for pain that "
        "spreads from the back or buttock down the leg (sciatica).",
    ),
}


def generic_entries(sheet: GenericSheet) -> list[Entry]:
    """Published self-care items of the sheet's patterns that need no per-client switch."""
    pattern_filter = Q()
    for pattern in sheet.patterns:
        pattern_filter |= Q(patterns__contains=pattern)
    entries = (
        Entry.objects.published()
        .self_care()
        .filter(pattern_filter, needs_client_switch=False)
        .order_by("name")
    )
    # CodeListField stores text: "contains" could match a longer code, so check exactly.
    chosen = [e for e in entries if set(e.patterns) & set(sheet.patterns)]
    # Exercises first, everyday advice last.
    return sorted(chosen, key=lambda e: (e.modality == vocab.ADVICE, e.name))


def generic_document(sheet: GenericSheet, practice: Practice | None) -> dict[str, Any]:
    return {
        "version": SNAPSHOT_VERSION,
        "practice": practice_document(practice),
        "first_name": "",
        "date": "",
        "therapist": "",
        "note": "",
        "notice": None,
        "items": [item_document(entry, entry) for entry in generic_entries(sheet)],
        "help": seek_help_levels(),
        "title": sheet.title,
        "about": sheet.about,
    }


# --- Private links ---------------------------------------------------------------------------


def create_link(
    sheet: Sheet, *, by: User, days: int = LINK_DAYS, email: str = "", url_for=None
) -> SheetLink:
    """A private link to an issued sheet; emailed when an address is given.

    `url_for(link)` gives the link's full address for the email.
    """
    if not sheet.is_issued:
        raise SheetError("Issue the sheet before sharing it.")
    link = SheetLink.objects.create(
        sheet=sheet,
        created_by=by,
        expires=timezone.now() + timedelta(days=days),
        emailed_to=email,
    )
    if email and url_for is not None:
        send_sheet_link(link, url_for(link), practice=sheet.client.practice)
    return link


def send_sheet_link(link: SheetLink, url: str, *, practice: Practice) -> None:
    """The email says who sent it and where the link goes; nothing about health."""
    context = {"link": link, "url": url, "practice": practice}
    send_mail(
        subject=f"Your self-care sheet from {practice.name}",
        message=render_to_string("clients/email/sheet_link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[link.emailed_to],
    )


def revoke_link(link: SheetLink) -> bool:
    """Withdraw an open link; False when it was expired or withdrawn already."""
    if link.state != "open":
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return True
