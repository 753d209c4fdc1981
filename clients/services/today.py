"""The therapist's day: today's sessions with the next step of each, what needs the
therapist first, and the next free time to book.

Everything here reads in a fixed number of queries however many sessions, clients or
sheets there are: the dashboard at 10,000 clients costs what it costs at ten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, Exists, OuterRef, Value, When
from django.urls import reverse
from django.utils import timezone

from clients import screening
from clients.models import (
    Intake,
    IntakeSource,
    PlanItem,
    Session,
    SessionStatus,
    Sheet,
    SheetLink,
    SheetStatus,
)
from clients.services import sheets as sheet_service
from clients.services.screening import CurrentScreening, current_screenings
from techniques import vocabulary as vocab

# The bookable day, in the practice's time zone, and the grid proposed starts sit on.
WORKDAY_START, WORKDAY_END = time(8), time(20)
SLOT_MINUTES = 15
DAYS_AHEAD = 14
# What the lists of waiting intakes show: an intake's answers stay unread.
# What a row of today's list reads: fewer fields to load, a quicker page.
SESSION_ROW_FIELDS = (
    "pk",
    "start",
    "length",
    "status",
    "client_id",
    "therapist_id",
    "client__first_name",
    "client__last_name",
    "client__practice_id",
    "client__date_of_birth",
    "client__archived",
    "check_in__session_id",
    "note__session_id",
    "note__signed_at",
)
INTAKE_LIST_FIELDS = (
    "pk",
    "client_id",
    "created",
    "red_flags",
    "client__first_name",
    "client__last_name",
)

# How many of each waiting thing the dashboard lists, so today's sessions stay near the top
# of a phone's screen; and how many of the newest open sheet links it checks for pauses.
NEEDS_SHOWN = 10
OPEN_LINK_LIMIT = 100

# --- The next free slot ------------------------------------------------------------------


def round_up(moment: datetime, minutes: int = SLOT_MINUTES) -> datetime:
    """The first time on the `minutes` grid (counted from the hour) at or after `moment`."""
    exact = moment.replace(second=0, microsecond=0)
    if exact < moment:
        exact += timedelta(minutes=1)
    return exact + timedelta(minutes=-exact.minute % minutes)


def first_free_start(
    busy: list[tuple[datetime, datetime]],
    earliest: datetime,
    length: timedelta,
    day_end: datetime,
) -> datetime | None:
    """The first start on the grid at or after `earliest` whose [start, start + length)
    shares no minute with any busy (start, end), ending by `day_end`; None if none fits."""
    start = round_up(earliest)
    for busy_start, busy_end in sorted(busy):
        if busy_end <= start:
            continue
        if busy_start >= start + length:
            break  # sorted by start: nothing later can overlap either
        start = round_up(busy_end)
    return start if start + length <= day_end else None


def next_free_slot(therapist_id: int, *, length: int, now: datetime | None = None) -> datetime:
    """The therapist's first free start of `length` minutes from now (in the current time
    zone, which views set to the practice's): today if it fits in the working day, else the
    first day that has room. One query for the next two weeks."""
    tz = timezone.get_current_timezone()
    local_now = timezone.localtime(now or timezone.now(), tz)
    first_day = local_now.date()

    def at(day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=tz)

    rows = (
        Session.objects.active()
        .filter(
            therapist_id=therapist_id,
            start__lt=at(first_day + timedelta(days=DAYS_AHEAD), WORKDAY_END),
            start__gte=at(first_day, time.min) - timedelta(hours=12),
        )
        .values_list("start", "length")
    )
    busy = [(start, start + timedelta(minutes=minutes)) for start, minutes in rows]
    wanted = timedelta(minutes=length)
    for offset in range(DAYS_AHEAD):
        day = first_day + timedelta(days=offset)
        earliest = max(at(day, WORKDAY_START), local_now)
        found = first_free_start(busy, earliest, wanted, at(day, WORKDAY_END))
        if found is not None:
            return found
    return round_up(local_now)  # two full weeks: propose now, and the form says what clashes


def booking_warnings(found: CurrentScreening) -> list[str]:
    """What to tell the therapist before booking: no signed intake, or do not treat."""
    name, warnings = found.client.full_name, []
    if not found.screened:
        warnings.append(
            f"{name} has no signed intake yet, so they haven't been screened: a session "
            "can give advice only until an intake is signed."
        )
    if found.do_not_treat:
        flags = [
            f"{vocab.RED_FLAGS[flag['code']].label} ({flag['code']})"
            for flag in found.result["red_flags"]
            if not flag["cleared"]
        ]
        why = f"red flags: {'; '.join(flags)}" if flags else "a condition rules out treatment"
        warnings.append(f"{name}'s current screening says do not treat ({why}).")
    return warnings


# --- Today's sessions ----------------------------------------------------------------------


@dataclass
class Step:
    """The one next thing to do for a session: a link, or a button that posts."""

    label: str
    url: str
    post: bool = False


@dataclass
class TodaySession:
    session: Session
    screening: CurrentScreening
    checked_in: bool
    planned: bool
    note_started: bool
    note_signed: bool
    sheet_made: bool
    step: Step | None = None

    @property
    def cancelled(self) -> bool:
        return self.session.status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)

    @property
    def all_done(self) -> bool:
        return self.note_signed and self.sheet_made

    @cached_property
    def name(self) -> str:
        return self.session.client.full_name

    @cached_property
    def url(self) -> str:
        return self.session.get_absolute_url()

    @cached_property
    def times(self) -> str:
        """Start and end as the practice's clocks show them: "09:00–10:00"."""
        start, end = timezone.localtime(self.session.start), timezone.localtime(self.session.end)
        return f"{start:%H:%M}–{end:%H:%M}"

    @cached_property
    def status(self) -> tuple[str, str]:
        return screening_status(self.screening)

    @cached_property
    def progress(self) -> list[tuple[str, str, bool]]:
        """Each step of the session: its name, how far it is in words, whether it's done."""
        if self.planned:
            plan = "done"
        else:
            plan = "none (do not treat)" if self.screening.do_not_treat else "to do"
        note = "signed" if self.note_signed else "draft" if self.note_started else "to do"
        return [
            ("Check-in", "done" if self.checked_in else "to do", self.checked_in),
            ("Plan", plan, self.planned),
            ("Note", note, self.note_signed),
            ("Sheet", "made" if self.sheet_made else "to do", self.sheet_made),
        ]


def screening_status(found: CurrentScreening) -> tuple[str, str]:
    """The current screening in words, and the badge colour that goes with them."""
    if not found.screened:
        return "Not screened", "text-bg-secondary"
    if found.do_not_treat:
        return "Do not treat", "text-bg-danger"
    if found.decision == screening.TREAT_WITH_PRECAUTIONS:
        return "Treat with precautions", "text-bg-warning"
    return "Clear to treat", "text-bg-success"


def next_step(row: TodaySession) -> Step | None:
    """Intake (until the client is screened) → check-in → plan → note → sheet; then the
    session page. A client who must not be treated gets no plan: the note says why."""
    session, found = row.session, row.screening
    if row.cancelled:
        return None
    client_pk = session.client_id
    if not found.screened:
        if found.pending:
            return Step("Review the self-intake", found.pending[-1].get_absolute_url())
        return Step("Take the intake", reverse("clients:intake_create", args=[client_pk]))
    if not row.checked_in:
        return Step("Check in", session.step_url("session_check_in"))
    if not row.planned and not found.do_not_treat and not row.note_signed:
        return Step("Plan the session", session.step_url("plan_builder"))
    if not row.note_signed:
        label = "Finish the note" if row.note_started else "Write the note"
        return Step(label, session.step_url("note_edit"))
    if not row.sheet_made:
        return Step(
            "Make a self-care sheet", reverse("clients:sheet_create", args=[client_pk]), True
        )
    return Step("Open the session", session.get_absolute_url())


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def todays_sessions(practice, therapist, day: date | None = None) -> list[Session]:
    """The therapist's sessions of the day (today in the current time zone), in time order,
    each with its client, check-in and note, and whether it has a plan and the client a
    sheet made since the day began: one query."""
    start, end = local_day_bounds(day or timezone.localdate())
    return list(
        Session.objects.for_practice(practice)
        .filter(therapist=therapist, start__gte=start, start__lt=end)
        .select_related("client", "check_in", "note")
        .only(*SESSION_ROW_FIELDS)
        .annotate(
            has_plan=Exists(PlanItem.objects.filter(session=OuterRef("pk"))),
            has_sheet=Exists(
                Sheet.objects.filter(client=OuterRef("client_id"), created__gte=start)
            ),
        )
        .order_by("start", "pk")
    )


def today_rows(sessions: list[Session], found: dict[int, CurrentScreening]) -> list[TodaySession]:
    rows = []
    for session in sessions:
        note = _related(session, "note")
        row = TodaySession(
            session=session,
            screening=found[session.client_id],
            checked_in=_related(session, "check_in") is not None,
            planned=session.has_plan,
            note_started=note is not None,
            note_signed=note is not None and note.is_signed,
            sheet_made=session.has_sheet,
        )
        row.step = next_step(row)
        rows.append(row)
    return rows


def _related(session: Session, name: str):
    """A reverse one-to-one loaded by select_related, or None when there is none."""
    try:
        return getattr(session, name)
    except ObjectDoesNotExist:
        return None


# --- What needs the therapist first ----------------------------------------------------------


@dataclass
class PausedSheet:
    sheet: Sheet
    items: list[dict]


@dataclass
class NeedsFirst:
    self_intakes: list[Intake] = field(default_factory=list)
    to_sign: list[Intake] = field(default_factory=list)
    paused: list[PausedSheet] = field(default_factory=list)
    more_self_intakes: bool = False
    more_to_sign: bool = False

    @classmethod
    def of(cls, self_intakes: list[Intake], to_sign: list[Intake], paused: list[PausedSheet]):
        """From lists fetched one longer than shown."""
        return cls(
            self_intakes[:NEEDS_SHOWN],
            to_sign[:NEEDS_SHOWN],
            paused,
            more_self_intakes=len(self_intakes) > NEEDS_SHOWN,
            more_to_sign=len(to_sign) > NEEDS_SHOWN,
        )

    def __bool__(self) -> bool:
        return bool(self.self_intakes or self.to_sign or self.paused)


def waiting_self_intakes(practice) -> list[Intake]:
    """Self-intakes waiting for review, those reporting red flags first (their flags
    already count for the client), then the newest; one more than are shown, to tell
    whether there are more."""
    flagged = Case(When(red_flags="", then=Value(0)), default=Value(1))
    return list(
        Intake.objects.pending_self_intakes()
        .filter(client__practice=practice)
        .select_related("client")
        .only(*INTAKE_LIST_FIELDS)
        .order_by(flagged.desc(), "-created", "-pk")[: NEEDS_SHOWN + 1]
    )


def intakes_to_sign(practice) -> list[Intake]:
    """Drafts the therapists took and haven't signed, latest change first (and one more)."""
    return list(
        Intake.objects.drafts()
        .filter(
            source=IntakeSource.THERAPIST,
            set_aside_at__isnull=True,
            client__practice=practice,
            client__archived=False,
        )
        .select_related("client")
        .only(*INTAKE_LIST_FIELDS)
        .order_by("-updated")[: NEEDS_SHOWN + 1]
    )


def sheets_with_open_links(practice, now: datetime | None = None) -> list[Sheet]:
    """Issued sheets a client can open today through a private link."""
    links = (
        SheetLink.objects.filter(
            revoked_at__isnull=True,
            expires__gt=now or timezone.now(),
            sheet__status=SheetStatus.ISSUED,
            sheet__client__practice=practice,
        )
        .select_related("sheet__client")
        .order_by("-created")[:OPEN_LINK_LIMIT]
    )
    return list({link.sheet_id: link.sheet for link in links}.values())


def paused_on_links(sheets: list[Sheet], found: dict[int, CurrentScreening]) -> list[PausedSheet]:
    """Of those sheets, the ones with items the client's current screening now blocks:
    the link shows them paused. One query (the entries' extra contraindications)."""
    extras = sheet_service.extras_by_slug(
        item["slug"] for sheet in sheets for item in sheet.snapshot.get("items", [])
    )
    paused = []
    for sheet in sheets:
        items = sheet_service.paused_items(sheet, found[sheet.client_id], extras)
        if items:
            paused.append(PausedSheet(sheet, items))
    return paused


# --- The whole dashboard --------------------------------------------------------------------


@dataclass
class Day:
    sessions: list[TodaySession]
    needs: NeedsFirst
    day: date


def therapists_day(practice, therapist) -> Day:
    """Today's sessions and what needs the therapist first, with the current screening of
    every client they name, in one batch."""
    sessions = todays_sessions(practice, therapist)
    self_intakes, to_sign = waiting_self_intakes(practice), intakes_to_sign(practice)
    sheets = sheets_with_open_links(practice)
    clients = {session.client_id: session.client for session in sessions}
    clients.update({sheet.client_id: sheet.client for sheet in sheets})
    # The page needs each client's decision and what it blocks, not a verdict on every
    # library entry: screening without the library saves a query and most of the work.
    found = current_screenings(list(clients.values()), library=[])
    # The extras query runs only when some sheet has a link; constant either way.
    paused = paused_on_links(sheets, found) if sheets else []
    return Day(
        sessions=today_rows(sessions, found),
        needs=NeedsFirst.of(self_intakes, to_sign, paused),
        day=timezone.localdate(),
    )
