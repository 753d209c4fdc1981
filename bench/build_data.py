"""A large practice for the benchmark, built with bulk inserts in batches.

One practice with four therapists (the benchmark signs in as `bench-therapist`, its
owner), N clients with years of intakes, sessions with notes, activity scores and plans,
and a library topped up to N published entries. One client, the showcase, has everything
each page needs: a signed intake with a cleared red flag (screening, referral letter),
past sessions for the chart, a session today with a plan, and an issued self-care sheet
with an open private link. The benchmark's therapist has a full day today, whatever day
the data was built on (the dashboard's list).

Sessions, plans and sheets come from the planning and sheets work: when a model or a
service isn't there (yet), that part is skipped with a message and its pages are reported
as not available. Nothing here runs at import time; call `ensure_practice()` after
`django.setup()`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import islice
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

BATCH = 2000
USERNAME = "bench-therapist"
PASSWORD = "bench-password-2026"
SHOWCASE = ("Imogen", "Quennell")  # a surname no generated client has: search finds one
SEARCH_TERM = "quenn"
YEARS_OF_RECORDS = 6
FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amelia",
    "Ben",
    "Carla",
    "Chloe",
    "Dan",
    "Dev",
    "Ella",
    "Emma",
    "Finn",
    "Grace",
    "Hannah",
    "Harry",
    "Isla",
    "Jack",
    "James",
    "Jo",
    "Kai",
    "Laura",
    "Leo",
    "Lily",
    "Maya",
    "Mia",
    "Noah",
    "Olivia",
    "Omar",
    "Priya",
    "Rosa",
    "Ruby",
    "Sam",
    "Sara",
    "Theo",
    "Tom",
    "Yara",
    "Zoe",
    "Ayo",
    "Bilal",
    "Cara",
    "Dina",
    "Elif",
    "Femi",
    "Gwen",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemi",
    "Luca",
    "Mateo",
    "Nia",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Bailey",
    "Baker",
    "Bell",
    "Brown",
    "Campbell",
    "Carter",
    "Chen",
    "Clarke",
    "Cooper",
    "Davies",
    "Evans",
    "Fisher",
    "Garcia",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Jackson",
    "James",
    "Jones",
    "Khan",
    "Kelly",
    "King",
    "Lee",
    "Lewis",
    "Martin",
    "Mason",
    "Miller",
    "Moore",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Novak",
    "Okafor",
    "Owen",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Rossi",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
    "Kowalski",
    "Murray",
    "Reid",
    "Rahman",
    "Byrne",
    "Doyle",
    "Fraser",
]
ACTIVITY_NAMES = ("Sitting through a work day", "Walking the dog", "Sleeping on my side")


@dataclass(frozen=True)
class Sizes:
    clients: int = 10_000
    intakes: int = 30_000
    sessions: int = 60_000
    entries: int = 200

    @property
    def label(self) -> str:
        return (
            f"{self.clients} clients, {self.intakes} intakes, "
            f"{self.sessions} sessions, {self.entries} library entries"
        )

    @property
    def slug(self) -> str:
        return f"c{self.clients}-i{self.intakes}-s{self.sessions}-e{self.entries}"


@dataclass
class World:
    """What the pages need to name: ids of the showcase's records (None when missing)."""

    user_pk: int
    client_pk: int
    intake_pk: int | None = None
    session_pk: int | None = None
    sheet_pk: int | None = None
    entry_slug: str | None = None
    search_term: str = SEARCH_TERM
    link_token: str | None = None  # the showcase sheet's private link
    log_entry: dict[str, Any] | None = None  # a day's entry for its daily log

    def need(self, name: str) -> Any:
        value = getattr(self, name)
        if value is None:
            raise LookupError(f"no {name.removesuffix('_pk')} in the benchmark data")
        return value


def practice_name(sizes: Sizes) -> str:
    return f"Benchmark Bodywork ({sizes.label})"


def model(label: str):
    """A model of the planning or sheets work, or None while it doesn't exist."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def ensure_practice(sizes: Sizes, log: Callable[[str], None] = print) -> World:
    """The benchmark practice of these sizes: found when built before, built otherwise."""
    Practice = apps.get_model("clinic.Practice")
    practice = Practice.objects.filter(name=practice_name(sizes)).first()
    if practice is None:
        for old in Practice.objects.filter(name__startswith="Benchmark Bodywork ("):
            log(f"removing the benchmark practice of other sizes: {old.name}")
            _delete_practice(old)
        started = time.monotonic()
        log(f"building the benchmark practice: {sizes.label}")
        with transaction.atomic():
            _top_up_library(sizes.entries, log)
            practice = _build(sizes, log)
        log(f"built in {time.monotonic() - started:.1f} s")
        _build_showcase_extras(practice, log)
        # What a practice's `migrate` after years of records does (clinic/apps.py): the
        # statistics the database chooses its indexes by, gathered after the data arrived.
        from clinic.apps import refresh_statistics

        refresh_statistics()
    _ensure_today(practice, log)
    return find_world(practice)


def find_world(practice) -> World:
    Client = apps.get_model("clients.Client")
    User = apps.get_model("clinic.User")
    user = User.objects.get(username=USERNAME)
    client = Client.objects.get(practice=practice, first_name=SHOWCASE[0], last_name=SHOWCASE[1])
    intake = client.intakes.filter(status="signed").order_by("-signed_at").first()
    world = World(user_pk=user.pk, client_pk=client.pk, intake_pk=intake.pk if intake else None)
    Entry = apps.get_model("techniques.Entry")
    entries = Entry.objects.filter(published=True).order_by("pk").values_list("slug", flat=True)
    # An entry with extra contraindications shows the most on its page.
    world.entry_slug = (
        entries.filter(extra_contraindications__isnull=False).first() or entries.first()
    )
    if Session := model("clients.Session"):
        world.session_pk = (
            Session.objects.filter(client=client, therapist=user, status="planned")
            .order_by("start")
            .values_list("pk", flat=True)
            .first()
        )
    if Sheet := model("clients.Sheet"):
        world.sheet_pk = (
            Sheet.objects.filter(client=client, status="issued")
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
    if (SheetLink := model("clients.SheetLink")) and world.sheet_pk:
        link = SheetLink.objects.filter(sheet_id=world.sheet_pk, revoked_at__isnull=True).first()
        if link is not None:
            world.link_token = link.token
            items = link.sheet.snapshot.get("items", [])
            done = [item["slug"] for item in items[:2]]
            world.log_entry = {"done": done, "pain": "4", "note": "Easier on the stairs today."}
    return world


# --- The bulk of it ------------------------------------------------------------------------


def batched(objects: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(objects)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk(model_class, objects: Iterable[Any]) -> list[Any]:
    """bulk_create in batches; returns the saved objects with their primary keys."""
    saved: list[Any] = []
    for batch in batched(objects):
        saved.extend(model_class.objects.bulk_create(batch))
    return saved


def _build(sizes: Sizes, log: Callable[[str], None]):
    rng = random.Random(2026)
    Practice = apps.get_model("clinic.Practice")
    practice = Practice.objects.create(
        name=practice_name(sizes),
        address="1 Long Street\nRiverside",
        phone="01234 567890",
        email="hello@bench.example",
    )
    therapists = _therapists(practice)
    clients = _clients(practice, therapists[0], sizes.clients, rng)
    log(f"  {len(clients)} clients")
    intakes = _intakes(clients, therapists[0], sizes.intakes, rng)
    log(f"  {intakes} intakes")
    if not sizes.sessions:
        log("  no sessions asked for")
    elif model("clients.Session"):
        log(f"  {_sessions(clients, therapists, sizes.sessions, rng)}")
    else:
        log("  sessions: skipped (no Session model yet)")
    return practice


def _therapists(practice) -> list[Any]:
    User = apps.get_model("clinic.User")
    Membership = apps.get_model("clinic.Membership")
    password = make_password(PASSWORD)
    users = []
    for n in range(1, 5):
        username = USERNAME if n == 1 else f"{USERNAME}-{n}"
        User.objects.filter(username=username).delete()
        user = User.objects.create(
            username=username,
            first_name=("Bea", "Cal", "Dee", "Eli")[n - 1],
            last_name="Bench",
            email=f"{username}@bench.example",
            password=password,
        )
        Membership.objects.create(
            user=user, practice=practice, role="owner" if n == 1 else "therapist"
        )
        users.append(user)
    return users


def _clients(practice, owner, count: int, rng: random.Random) -> list[Any]:
    Client = apps.get_model("clients.Client")

    def rows():
        yield Client(
            practice=practice,
            first_name=SHOWCASE[0],
            last_name=SHOWCASE[1],
            date_of_birth=date(1961, 9, 2),
            email="imogen@example.org",
            phone="07700 900123",
            doctor_name="Dr A. Example",
            doctor_contact="Riverside Surgery, 1 High Street",
            notes="The benchmark's showcase client.",
            created_by=owner,
        )
        for n in range(1, count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            yield Client(
                practice=practice,
                first_name=first,
                last_name=last,
                date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(20_000)),
                sex=rng.choice(("female", "male", "female", "undisclosed")),
                email=f"{first.lower()}.{last.lower()}{n}@example.org",
                phone=f"07700 {n:06d}",
                doctor_name="Dr " + rng.choice(LAST_NAMES),
                archived=rng.random() < 0.05,
                created_by=owner,
            )

    return bulk(Client, rows())


def _answers(rng: random.Random) -> dict[str, Any]:
    from clients.models.intakes import CONTRAINDICATION_CHOICES
    from techniques import vocabulary as vocab

    answers: dict[str, Any] = {
        "symptoms": rng.sample(list(vocab.SYMPTOMS), rng.randrange(0, 4)),
        "pain_regions": rng.sample(list(vocab.PAIN_REGIONS), rng.randrange(1, 4)),
        "red_flags": [],
        "contraindications": [],
        "new_onset": rng.random() < 0.3,
        "pain_now": rng.randrange(0, 11),
    }
    if rng.random() < 0.03:
        answers["red_flags"] = [rng.choice(list(vocab.RED_FLAGS))]
    if rng.random() < 0.1:
        answers["contraindications"] = [rng.choice(CONTRAINDICATION_CHOICES)[0]]
    return answers


def _intakes(clients: list[Any], owner, count: int, rng: random.Random) -> int:
    """Signed intakes spread over the clients (the showcase's is made separately), and a
    few client-filled drafts waiting on the dashboard."""
    Intake = apps.get_model("clients.Intake")
    Clearance = apps.get_model("clients.Clearance")
    now = timezone.now()
    showcase, others = clients[0], clients[1:]
    showcase_intake = Intake.objects.create(
        client=showcase,
        status="signed",
        new_onset=False,
        pain_now=6,
        symptoms=["SC07", "SC09", "SC05"],
        red_flags=["RF09"],
        pain_regions=["buttock_left", "back_thigh_left"],
        goals="Walk the dog without pain",
        consent_version="2026-11",
        consent_name=" ".join(SHOWCASE),
        consent_at=now - timedelta(days=40),
        signed_by=owner,
        signed_at=now - timedelta(days=40),
        created_by=owner,
    )
    Clearance.objects.create(
        intake=showcase_intake,
        code="RF09",
        cleared_by="Dr A. Example, GP",
        cleared_on=(now - timedelta(days=30)).date(),
        note="Reviewed; fine for gentle massage.",
        recorded_by=owner,
    )

    def rows():
        if not others:
            return
        for n in range(count - 1):
            client = others[n % len(others)]
            draft = rng.random() < 0.01
            signed_at = now - timedelta(days=rng.randrange(1, 365 * YEARS_OF_RECORDS))
            yield Intake(
                client=client,
                status="draft" if draft else "signed",
                source="client" if draft else "therapist",
                consent_version="2026-11",
                consent_name=f"{client.first_name} {client.last_name}",
                consent_at=signed_at,
                signed_at=None if draft else signed_at,
                signed_by=None if draft else owner,
                created_by=owner,
                goals="Less pain at work",
                **_answers(rng),
            )

    return 1 + len(bulk(Intake, rows()))


def _sessions(clients: list[Any], therapists: list[Any], count: int, rng: random.Random) -> str:
    """Sessions over the past years and the next two weeks; past ones done with a signed
    note, activity scores and a plan. The showcase gets a share like everyone else."""
    Session = apps.get_model("clients.Session")
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    first_day = today - timedelta(days=365 * YEARS_OF_RECORDS)
    span = (today - first_day).days + 14

    def rows():
        for n in range(count):
            client = clients[0] if n < 12 else rng.choice(clients)
            day = first_day + timedelta(days=rng.randrange(span))
            if n < 12:  # the showcase: a session every three weeks, up to yesterday
                day = today - timedelta(days=21 * (12 - n) - 20)
            start = datetime.combine(day, clock(9 + rng.randrange(9)), tzinfo=tz)
            past = day < today
            status = "planned"
            if past:
                status = rng.choices(("done", "cancelled", "no_show"), (90, 6, 4))[0]
            yield Session(
                client=client,
                therapist=therapists[0] if n < 12 else rng.choice(therapists),
                start=start,
                length=rng.choice((45, 60, 60, 90)),
                status=status,
                focus=rng.choice(("psoas", "sciatic", "both", "relaxation")),
            )

    sessions = bulk(Session, rows())
    done = [s for s in sessions if s.status == "done"]
    parts = [f"{len(sessions)} sessions"]
    for name, add in (("notes", _notes), ("activity scores", _scores), ("plan items", _plans)):
        try:
            parts.append(f"{add(done, therapists[0], rng)} {name}")
        except Exception as error:  # the planning work may still be changing these models
            parts.append(f"{name} skipped ({type(error).__name__}: {error})")
    return ", ".join(parts)


def _notes(done: list[Any], author, rng: random.Random) -> int:
    Note = model("clients.Note")
    if Note is None:
        raise LookupError("no Note model yet")
    rows = (
        Note(
            session=session,
            pain_now=rng.randrange(0, 11),
            subjective="Back ache after long drives; sleeping better since last time.",
            objective=[{"test": "slr", "side": "left", "result": "negative", "degrees": 70}],
            done="Warm-up of the low back, gluteal work, gentle psoas release.",
            assessment="Improving; less guarding.",
            plan_next="Repeat; add hip flexor stretch at home.",
            author=author,
            signed_by=author,
            signed_at=session.start + timedelta(hours=1),
        )
        for session in done
    )
    return len(bulk(Note, rows))


def _scores(done: list[Any], author, rng: random.Random) -> int:
    Activity, ActivityScore = model("clients.Activity"), model("clients.ActivityScore")
    if Activity is None or ActivityScore is None:
        raise LookupError("no Activity model yet")
    client_ids = sorted({s.client_id for s in done})
    activities = bulk(
        Activity,
        (
            Activity(client_id=client_id, name=name, position=position)
            for client_id in client_ids
            for position, name in enumerate(ACTIVITY_NAMES[: 1 + client_id % 3])
        ),
    )
    by_client: dict[int, list[Any]] = {}
    for activity in activities:
        by_client.setdefault(activity.client_id, []).append(activity)
    rows = (
        ActivityScore(activity=activity, session=session, score=rng.randrange(0, 11))
        for session in done
        for activity in by_client[session.client_id]
    )
    return len(bulk(ActivityScore, rows))


def _plans(done: list[Any], author, rng: random.Random) -> int:
    PlanItem = model("clients.PlanItem")
    if PlanItem is None:
        raise LookupError("no PlanItem model yet")
    Entry = apps.get_model("techniques.Entry")
    techniques = list(
        Entry.objects.filter(published=True, kind="technique").values_list("pk", flat=True)
    )
    if not techniques:
        return 0
    rows = (
        PlanItem(session=session, entry_id=entry_id, position=position, minutes=15)
        for session in done
        for position, entry_id in enumerate(rng.sample(techniques, min(2, len(techniques))))
    )
    return len(bulk(PlanItem, rows))


def _top_up_library(total: int, log: Callable[[str], None]) -> None:
    """Copies of the published session techniques until `total` entries are published
    (copies' slugs end in -bN), with their extra contraindications. Self-care items are
    not copied: the sheet builder suggests every allowed one, and a sheet of duplicates
    would be three times longer than a real one."""
    Entry = apps.get_model("techniques.Entry")
    missing = total - Entry.objects.filter(published=True).count()
    published = list(Entry.objects.filter(published=True, kind="technique").order_by("pk"))
    if missing <= 0 or not published:
        return
    originals = [published[n % len(published)] for n in range(missing)]
    extras = {
        entry.pk: list(entry.extra_contraindications.values_list("pk", flat=True))
        for entry in published
    }
    copies = []
    first = Entry.objects.count()  # copies are never deleted, so their numbers stay unique
    for n, original in enumerate(originals):
        copy = Entry.objects.get(pk=original.pk)
        copy.pk = copy.id = None
        copy.slug = f"{original.slug[:70]}-b{first + n}"
        copy.name = f"{original.name} ({first + n})"
        copies.append(copy)
    copies = bulk(Entry, copies)
    Through = Entry.extra_contraindications.through
    bulk(
        Through,
        (
            Through(entry_id=copy.pk, contraindication_id=code)
            for copy, original in zip(copies, originals, strict=True)
            for code in extras[original.pk]
        ),
    )
    log(f"  library topped up with {len(copies)} copies to {total} entries")


# --- Today's list on the dashboard ------------------------------------------------------------

TODAY_SESSIONS = 8


def _ensure_today(practice, log: Callable[[str], None]) -> None:
    """A full day for the benchmark's therapist today (the data is kept between runs, so
    "today" moves on): hourly sessions from 8:00 with screened clients, the first ones
    checked in and with a note started, so the dashboard's list has every kind of row."""
    Session, CheckIn, Note = (
        model("clients.Session"),
        model("clients.CheckIn"),
        model("clients.Note"),
    )
    if Session is None:
        return
    User, Client = apps.get_model("clinic.User"), apps.get_model("clients.Client")
    user = User.objects.get(username=USERNAME)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    day_start = datetime.combine(today, clock.min, tzinfo=tz)
    mine = Session.objects.filter(
        therapist=user, start__gte=day_start, start__lt=day_start + timedelta(days=1)
    )
    taken = {timezone.localtime(start, tz).hour for start in mine.values_list("start", flat=True)}
    missing = TODAY_SESSIONS - len(taken)
    if missing <= 0:
        return
    hours = [hour for hour in range(8, 20) if hour not in taken][:missing]
    screened = (
        Client.objects.filter(practice=practice, archived=False, intakes__status="signed")
        .exclude(first_name=SHOWCASE[0], last_name=SHOWCASE[1])
        .order_by("pk")
        .distinct()
    )
    step = max(1, screened.count() // len(hours))  # clients spread over the whole table
    clients = list(screened[: len(hours) * step : step])
    sessions = bulk(
        Session,
        (
            Session(
                client=client,
                therapist=user,
                start=datetime.combine(today, clock(hour), tzinfo=tz),
                length=60,
                status="planned",
            )
            for client, hour in zip(clients, hours, strict=False)
        ),
    )
    if CheckIn is not None:
        bulk(CheckIn, (CheckIn(session=s, recorded_by=user) for s in sessions[:3]))
    if Note is not None:
        bulk(Note, (Note(session=s, author=user, subjective="Easier.") for s in sessions[:1]))
    log(f"  {len(sessions)} sessions today for {USERNAME}")


# --- The showcase's plan and sheet, through the project's own services ---------------------


def _build_showcase_extras(practice, log: Callable[[str], None]) -> None:
    """A session today with a suggested plan, and an issued sheet with an open link. Each
    uses the planning or sheets services; a missing or changed one is skipped."""
    world = find_world(practice)
    User, Client = apps.get_model("clinic.User"), apps.get_model("clients.Client")
    user, client = User.objects.get(pk=world.user_pk), Client.objects.get(pk=world.client_pk)
    for name, step in (("session with a plan", _showcase_session), ("issued sheet", _sheet)):
        try:
            with transaction.atomic():
                step(client, user)
        except Exception as error:  # not built yet, or built differently: its page is skipped
            log(f"  showcase {name}: skipped ({type(error).__name__}: {error})")
        else:
            log(f"  showcase {name}: made")


def _showcase_session(client, user) -> None:
    from clients.services import plans
    from clients.services.screening import current_screening

    Session = apps.get_model("clients.Session")
    tz = timezone.get_current_timezone()
    start = datetime.combine(timezone.localdate(), clock(10), tzinfo=tz)
    session = Session.objects.create(
        client=client, therapist=user, start=start, length=60, status="planned"
    )
    plans.plan_suggest(session=session, focus="sciatic", found=current_screening(client))


def _sheet(client, user) -> None:
    from clients.services import links as link_service
    from clients.services import sheets as sheet_service

    sheet = sheet_service.start_sheet(client, user)
    sheet.note = "Little and often: stop if the pain spreads down your leg."
    sheet.save(update_fields=["note"])
    sheet_service.issue_sheet(sheet=sheet, by=user)
    link_service.create_link(sheet, by=user)
    # Most clients have a sheet or two: the table holds copies of the showcase's snapshot.
    Sheet = apps.get_model("clients.Sheet")
    sheet.refresh_from_db()
    others = client.practice.clients.exclude(pk=client.pk).values_list("pk", flat=True)
    bulk(
        Sheet,
        (
            Sheet(
                client_id=pk,
                status="issued",
                note=sheet.note,
                created_by=user,
                issued_by=user,
                issued_at=sheet.issued_at,
                snapshot=sheet.snapshot,
            )
            for pk in others.iterator()
            if pk % 3 == 0
        ),
    )


def _delete_practice(practice) -> None:
    """Slow for a large practice (the ORM collects what cascades), but only needed when a
    database is reused with other sizes; SQLite runs get one file per size instead."""
    practice.delete()
