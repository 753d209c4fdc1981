"""The client's daily log: what the "Today" panel of a sheet's private link offers, saving
the day's entry, and what the therapist reads back (adherence, pain rises).

The day is the practice's local date. Saving is one upsert on (sheet, day), so two
submissions of the same form (a flaky phone connection, a double tap) leave one entry.
Reading back costs a fixed number of queries however long the log.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clients.models import Client, DailyLog, Sheet
from clinic.models import Practice

ADHERENCE_DAYS = 14  # the window the check-in and the client page report on
RISE = 3  # logged pain up by this much within a week puts the client on the dashboard
RISE_DAYS = 7


def practice_today(practice: Practice) -> date:
    """The practice's local date: a client's "today" is the day on the practice's clock."""
    return timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(practice.time_zone))


# --- The panel on the link ---------------------------------------------------------------


@dataclass(frozen=True)
class LogItem:
    slug: str
    name: str


@dataclass
class Offer:
    """What the panel offers on one sheet's link today: the items the client may tick
    (paused ones never), the paused ones by name, and today's entry if there is one."""

    day: date
    items: list[LogItem]
    paused: list[LogItem]
    entry: DailyLog | None


def offer(sheet: Sheet, doc: dict[str, Any], day: date, *, with_entry: bool = True) -> Offer:
    """From the link's document (`link_document`: paused items already marked); today's
    entry is looked up for the page (a posted form needs none: it replaces it)."""
    items = [LogItem(i["slug"], i["name"]) for i in doc.get("items", []) if not i.get("paused")]
    paused = [LogItem(i["slug"], i["name"]) for i in doc.get("items", []) if i.get("paused")]
    entry = DailyLog.objects.filter(sheet=sheet, day=day).first() if with_entry else None
    return Offer(day, items, paused, entry)


def save_entry(*, sheet: Sheet, day: date, done: list[str], pain: int, note: str) -> DailyLog:
    """Store the day's entry, or replace what was stored for the same day: one INSERT …
    ON CONFLICT DO UPDATE, which SQLite and PostgreSQL both run atomically, so two
    submissions at the same instant still leave one row (the later one's answers)."""
    entry = DailyLog(sheet=sheet, day=day, done=list(dict.fromkeys(done)), pain=pain, note=note)
    with transaction.atomic():
        DailyLog.objects.bulk_create(
            [entry],
            update_conflicts=True,
            unique_fields=["sheet", "day"],
            update_fields=["done", "pain", "note", "updated"],
        )
        if entry.pk is None:  # a backend that doesn't return the row's id from an upsert
            entry = DailyLog.objects.get(sheet=sheet, day=day)
    return entry


# --- Back to the therapist ----------------------------------------------------------------


@dataclass
class ItemAdherence:
    slug: str
    name: str
    days_done: int


@dataclass
class Adherence:
    first: date
    last: date
    days_logged: int = 0
    items: list[ItemAdherence] = field(default_factory=list)
    pains: list[tuple[date, int]] = field(default_factory=list)
    notes: list[tuple[date, str]] = field(default_factory=list)  # newest first

    @property
    def window(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def items_done(self) -> int:
        """Ticks in the window: each item counts once a day."""
        return sum(item.days_done for item in self.items)


def adherence(client: Client, today: date | None = None) -> Adherence:
    """Days logged and, per item, days done in the last 14 days (today included), from
    every sheet of the client with entries in that window. Two queries."""
    last = today or practice_today(client.practice)
    found = Adherence(first=last - timedelta(days=ADHERENCE_DAYS - 1), last=last)
    logs = list(
        DailyLog.objects.for_client(client.pk)
        .between(found.first, last)
        .order_by("day")
        .values_list("sheet_id", "day", "done", "pain", "note")
    )
    if not logs:
        return found
    sheet_pks = {sheet_pk for sheet_pk, *_ in logs}
    snapshots = dict(Sheet.objects.filter(pk__in=sheet_pks).values_list("pk", "snapshot"))
    names: dict[str, str] = {}
    for sheet_pk in sorted(snapshots, key=lambda pk: -pk):  # the newest sheet names an item
        for item in snapshots[sheet_pk].get("items", []):
            names.setdefault(item["slug"], item["name"])
    done_days: dict[str, set[date]] = defaultdict(set)
    pain_by_day: dict[date, int] = {}
    for _, day, done, pain, note in logs:
        for slug in done or ():
            done_days[slug].add(day)
        pain_by_day[day] = max(pain, pain_by_day.get(day, 0))
        if note:
            found.notes.insert(0, (day, note))
    found.days_logged = len(pain_by_day)
    found.pains = sorted(pain_by_day.items())
    found.items = [
        ItemAdherence(slug, name, len(done_days.get(slug, ()))) for slug, name in names.items()
    ]
    found.items.sort(key=lambda item: (-item.days_done, item.name))
    return found


def logged_pain(client: Client) -> list[tuple[date, int]]:
    """Each day the client logged, with the pain they reported (the highest, if they logged
    on two sheets that day), oldest first. One query."""
    rows = (
        DailyLog.objects.for_client(client.pk)
        .values("day")
        .annotate(pain=Max("pain"))
        .order_by("day")
        .values_list("day", "pain")
    )
    return list(rows)


@dataclass
class PainRise:
    client: Client
    lowest: int
    lowest_day: date
    latest: int
    latest_day: date

    @property
    def rise(self) -> int:
        return self.latest - self.lowest


def pain_rises(practice: Practice, today: date | None = None) -> list[PainRise]:
    """Active clients whose latest logged pain (logged within the last week) is at least 3
    above the lowest they logged in the week before that entry. Two queries at most."""
    today = today or practice_today(practice)
    since = today - timedelta(days=2 * RISE_DAYS)
    rows = (
        DailyLog.objects.filter(
            sheet__client__practice=practice,
            sheet__client__archived=False,
            day__gte=since,
            day__lte=today,
        )
        .values("sheet__client_id", "day")
        .annotate(pain=Max("pain"))
        .order_by("sheet__client_id", "day")
        .values_list("sheet__client_id", "day", "pain")
    )
    by_client: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for client_pk, day, pain in rows:
        by_client[client_pk].append((day, pain))
    found: dict[int, tuple[int, date, int, date]] = {}
    for client_pk, days in by_client.items():
        latest_day, latest = days[-1]
        if latest_day < today - timedelta(days=RISE_DAYS - 1):
            continue  # nothing logged this week
        earlier = [
            (p, d) for d, p in days if latest_day - timedelta(days=RISE_DAYS) <= d < latest_day
        ]
        if not earlier:
            continue
        lowest, lowest_day = min(earlier, key=lambda pd: (pd[0], pd[1]))
        if latest - lowest >= RISE:
            found[client_pk] = (lowest, lowest_day, latest, latest_day)
    if not found:
        return []  # the usual case: no second query
    clients = Client.objects.filter(pk__in=found).order_by("last_name", "first_name")
    return [PainRise(client, *found[client.pk]) for client in clients]
