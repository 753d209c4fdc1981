"""The daily log back to the therapist: adherence on the check-in and the client page, the
logged pain on the progress chart (as the client's own report), pain rises on the
dashboard, the log in the export and gone after erasure."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import DailyLog
from clients.services import daily_log
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.factories import NoteFactory, SessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 12, 7)


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 12, 7, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def sheet(practice, therapist):
    practice.time_zone = "Europe/London"
    practice.save()
    return issued_for(screened_client(practice, first_name="Ana", last_name="Reyes"), therapist)


def items(sheet) -> list[dict]:
    return sheet.snapshot["items"]


def log(sheet, days_ago: int, done=(), pain=3, note=""):
    day = TODAY - timedelta(days=days_ago)
    return DailyLog.objects.create(sheet=sheet, day=day, done=list(done), pain=pain, note=note)


@pytest.fixture
def known_log(sheet):
    """Five days in the window (one item on 4 of them, another on 2, a third never) and
    one day just outside it, which doesn't count."""
    first, second = items(sheet)[0]["slug"], items(sheet)[1]["slug"]
    log(sheet, 0, [first, second], pain=2, note="Easier on the stairs")
    log(sheet, 1, [first], pain=3)
    log(sheet, 4, [first], pain=4)
    log(sheet, 9, [first, second], pain=5)
    log(sheet, 13, [], pain=6, note="Busy week")
    log(sheet, 14, [first, second], pain=9)  # 15 days ago counting today: outside
    return sheet


def test_adherence_counts_days_logged_and_days_each_item_was_done(clock, known_log):
    found = daily_log.adherence(known_log.client)
    assert (found.first, found.last, found.window) == (date(2026, 11, 24), TODAY, 14)
    assert found.days_logged == 5
    done = {item.name: item.days_done for item in found.items}
    first, second, third = (item["name"] for item in items(known_log)[:3])
    assert (done[first], done[second], done[third]) == (4, 2, 0)
    assert found.items_done == 6
    assert found.notes == [(TODAY, "Easier on the stairs"), (date(2026, 11, 24), "Busy week")]


def test_the_check_in_shows_adherence_from_the_log(clock, therapist_client, known_log, therapist):
    session = SessionFactory(client=known_log.client, therapist=therapist)
    response = therapist_client.get(
        f"/clients/{known_log.client_id}/sessions/{session.pk}/check-in/"
    )
    html = response.content.decode()
    section = html.split('id="adherence-heading"')[1].split("</section>")[0]
    assert "the last 14 days" in section
    assert (
        "Logged on <strong>5 of 14 days</strong> (Tue 24 Nov to 7 Dec 2026), 6 items done"
        in section
    )
    assert "Latest logged pain: 2/10 on Mon 7 Dec (the client's own report)" in section
    rows = re.findall(r'<th scope="row" class="fw-normal">(.*?)</th><td>(.*?)</td>', section)
    first, second = items(known_log)[0]["name"], items(known_log)[1]["name"]
    assert rows[:2] == [(first, "4 of 14"), (second, "2 of 14")]
    assert "Easier on the stairs" in section


def test_the_client_page_shows_adherence_too(clock, therapist_client, known_log):
    html = therapist_client.get(f"/clients/{known_log.client_id}/").content.decode()
    assert "Logged on <strong>5 of 14 days</strong>" in html


def test_no_log_says_so(clock, therapist_client, sheet):
    html = therapist_client.get(f"/clients/{sheet.client_id}/").content.decode()
    assert "Nothing logged in the last 14 days" in html


def test_another_practice_gets_404_on_the_pages_showing_adherence(
    clock, outsider_client, known_log, therapist
):
    session = SessionFactory(client=known_log.client, therapist=therapist)
    client_pk = known_log.client_id
    assert outsider_client.get(f"/clients/{client_pk}/").status_code == 404
    check_in = f"/clients/{client_pk}/sessions/{session.pk}/check-in/"
    assert outsider_client.get(check_in).status_code == 404


def test_adherence_takes_two_queries_however_long_the_log(clock, sheet):
    log(sheet, 0, [items(sheet)[0]["slug"]])
    with CaptureQueriesContext(connection) as few:
        daily_log.adherence(sheet.client)
    other = issued_for(sheet.client, sheet.issued_by)
    for days_ago in range(1, 14):
        log(sheet, days_ago, [items(sheet)[0]["slug"]])
        log(other, days_ago, [items(other)[1]["slug"]])
    with CaptureQueriesContext(connection) as many:
        found = daily_log.adherence(sheet.client)
    assert found.days_logged == 14
    assert len(few) == len(many) == 2


def test_the_client_page_queries_dont_grow_with_the_log(clock, therapist_client, sheet):
    log(sheet, 0)
    url = f"/clients/{sheet.client_id}/"
    therapist_client.get(url)
    with CaptureQueriesContext(connection) as few:
        therapist_client.get(url)
    for days_ago in range(1, 40):
        log(sheet, days_ago, [items(sheet)[0]["slug"]], pain=days_ago % 11)
    with CaptureQueriesContext(connection) as many:
        therapist_client.get(url)
    assert len(many) == len(few)


# --- The progress chart ----------------------------------------------------------------------


def test_logged_pain_runs_beside_the_session_scores_as_the_clients_own_report(
    clock, therapist_client, sheet, therapist
):
    session = SessionFactory(
        client=sheet.client, therapist=therapist, start=datetime(2026, 12, 2, 10, tzinfo=LONDON)
    )
    NoteFactory(session=session, pain_now=6)
    log(sheet, 5, pain=5)  # 2 Dec: the session's day
    log(sheet, 1, pain=3)  # 6 Dec: a day of its own
    response = therapist_client.get(f"/clients/{sheet.client_id}/")
    progress = response.context["progress"]
    assert [str(day) for day in progress.dates] == ["2026-12-02", "2026-12-06"]
    assert [(s.name, s.values, s.own_report) for s in progress.series] == [
        ("Pain", [6, None], False),
        ("Pain (client's own log)", [5, 3], True),
    ]
    html = response.content.decode()
    svg = re.search(r"<svg[^>]*progress-chart.*?</svg>", html, re.S).group()
    assert svg.count('class="own-report"') == 2  # hollow rings, not the session's dots
    assert "Pain (client&#x27;s own log): from 5 on 2 Dec 2026 to 3 on 6 Dec 2026" in svg
    assert "legend-ring" in html and "their own report" in html
    table = re.search(r'<table class="table table-sm progress-table">.*?</table>', html, re.S)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table.group(), re.S)
    assert [re.sub(r"<.*?>", "", row[0]).strip() for row in rows] == [
        "2 Dec 2026",
        "6 Dec 2026 (logged at home)",
    ]
    assert [re.findall(r"<td>(.*?)</td>", row[1]) for row in rows] == [["6", "5"], ["—", "3"]]


# --- Pain rises on the dashboard ------------------------------------------------------------


def test_pain_rises_finds_a_rise_of_3_within_a_week(clock, practice, therapist, sheet):
    log(sheet, 6, pain=2)
    log(sheet, 3, pain=4)
    log(sheet, 0, pain=5)  # 2 → 5 within the week: 3
    steady = issued_for(screened_client(practice, first_name="Bo", last_name="Steady"), therapist)
    log(steady, 6, pain=4)
    log(steady, 0, pain=6)  # up 2 only
    slow = issued_for(screened_client(practice, first_name="Cy", last_name="Slow"), therapist)
    log(slow, 12, pain=1)  # 10 days before the latest: not within a week of it
    log(slow, 2, pain=7)
    stale = issued_for(screened_client(practice, first_name="Di", last_name="Stale"), therapist)
    log(stale, 13, pain=1)
    log(stale, 8, pain=8)  # a rise, but nothing logged this week
    (rise,) = daily_log.pain_rises(practice)
    assert (rise.client, rise.lowest, rise.latest, rise.rise) == (sheet.client, 2, 5, 3)
    assert (rise.lowest_day, rise.latest_day) == (date(2026, 12, 1), TODAY)


def test_pain_rises_takes_two_queries_and_only_this_practice(
    clock, practice, therapist, sheet, other_practice, outsider
):
    log(sheet, 4, pain=1)
    log(sheet, 0, pain=8)
    theirs = issued_for(screened_client(other_practice, first_name="Ed"), outsider)
    DailyLog.objects.create(sheet=theirs, day=TODAY - timedelta(days=3), done=[], pain=0)
    DailyLog.objects.create(sheet=theirs, day=TODAY, done=[], pain=9)
    for n in range(5):
        more = issued_for(screened_client(practice, first_name=f"F{n}"), therapist)
        log(more, 2, pain=0)
        log(more, 1, pain=n + 1)
    with CaptureQueriesContext(connection) as queries:
        found = daily_log.pain_rises(practice)
    assert len(queries) == 2
    # Up 3 or more: Ana (1 → 8) and F2 to F4 (0 → 3, 4, 5), by last name (Reyes first).
    assert [r.client.first_name for r in found] == ["Ana", "F2", "F3", "F4"]


def test_the_dashboard_notes_a_client_whose_logged_pain_rose(clock, therapist_client, sheet):
    log(sheet, 5, pain=1)
    log(sheet, 0, pain=7)
    html = therapist_client.get("/").content.decode()
    section = html.split('id="pain-rises-heading"')[1].split("</section>")[0]
    assert "Ana Reyes" in section and f'href="/clients/{sheet.client_id}/"' in section
    assert "logged pain 1 on Wed 2 Dec, 7 on Mon 7 Dec" in section and "up 6" in section


def test_the_dashboard_says_nothing_without_a_rise(clock, therapist_client, sheet):
    log(sheet, 5, pain=4)
    log(sheet, 0, pain=5)
    assert "pain-rises-heading" not in therapist_client.get("/").content.decode()


def test_an_archived_client_is_not_on_the_dashboard(clock, practice, sheet):
    log(sheet, 5, pain=1)
    log(sheet, 0, pain=7)
    sheet.client.archived = True
    sheet.client.save()
    assert daily_log.pain_rises(practice) == []


# --- Export and erasure ---------------------------------------------------------------------


def test_the_export_holds_the_log_and_erasure_removes_it(clock, client, owner, known_log):
    client.force_login(owner)
    response = client.post(f"/clients/{known_log.client_id}/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    record = json.loads(archive.read("record.json"))
    (exported,) = [s for s in record["sheets"] if s["id"] == known_log.pk]
    assert [(e["day"], e["pain"]) for e in exported["daily_log"]] == [
        ("2026-11-23", 9),
        ("2026-11-24", 6),
        ("2026-11-28", 5),
        ("2026-12-03", 4),
        ("2026-12-06", 3),
        ("2026-12-07", 2),
    ]
    assert exported["daily_log"][-1]["note"] == "Easier on the stairs"
    assert "daily_log" in archive.read("README.txt").decode()
    ids = list(DailyLog.objects.values_list("pk", flat=True))
    response = client.post(f"/clients/{known_log.client_id}/erase/", {"confirm_name": "Ana Reyes"})
    assert response.status_code == 302
    assert not DailyLog.objects.filter(pk__in=ids).exists()
    assert not DailyLog.objects.exists()


def test_other_clients_logs_stay_after_an_erasure(clock, client, owner, practice, known_log):
    kept = log(issued_for(screened_client(practice, first_name="Gil"), owner), 0)
    client.force_login(owner)
    client.post(f"/clients/{known_log.client_id}/erase/", {"confirm_name": "Ana Reyes"})
    assert list(DailyLog.objects.all()) == [kept]
