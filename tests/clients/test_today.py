"""The dashboard's day: today's sessions in time order with each one's screening and next
step, what needs the therapist first, in a fixed number of queries."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import PlanItem, SheetLink
from clients.services import sessions
from techniques.models import Entry
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.factories import ClientFactory, IntakeFactory, NoteFactory, SessionFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 7, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(NOW, tick=False):
        yield


def today_at(hour: int, minute: int = 0) -> datetime:
    return NOW.replace(hour=hour, minute=minute)


def dashboard(http) -> str:
    return http.get("/").content.decode()


def today_section(html: str) -> str:
    return html.split('id="today-heading"')[1].split("</section>")[0]


def needs_section(html: str) -> str:
    return html.split('id="needs-heading"')[1].split("</section>")[0]


def rows(html: str) -> list[str]:
    return re.findall(
        r'<li class="today-session.*?</li>\s*(?=<li class="today-session|</ol>)', html, re.S
    )


def next_step(row: str) -> str:
    button = re.search(r'class="btn btn[^"]*"[^>]*>([^<]+)<', row)
    return button[1].strip() if button else ""


def check_in(session, therapist, **answers):
    data = {"anything_changed": False, "new_red_flags": [], "new_contraindications": []}
    sessions.check_in_record(session=session, data={**data, **answers}, by=therapist)


def plan(session):
    PlanItem.objects.create(session=session, entry=Entry.objects.first(), minutes=15)


# --- Today's list --------------------------------------------------------------------------------


def test_todays_sessions_are_listed_in_time_order_with_their_screening(
    therapist_client, therapist, practice
):
    late = screened_client(practice, first_name="Lena", last_name="Late")
    early = ClientFactory(practice=practice, first_name="Ezra", last_name="Early")
    middle = ClientFactory(practice=practice, first_name="Mona", last_name="Middle")
    IntakeFactory(client=middle, red_flags=["RF11"])
    SessionFactory(client=late, therapist=therapist, start=today_at(15), length=90)
    SessionFactory(client=early, therapist=therapist, start=today_at(9), length=45)
    SessionFactory(client=middle, therapist=therapist, start=today_at(11, 30))
    # Not today, or not this therapist's: not on the list.
    SessionFactory(client=late, therapist=therapist, start=today_at(10) + timedelta(days=1))
    colleague = ClientFactory(practice=practice, first_name="Colin", last_name="Colleague")
    SessionFactory(
        client=colleague,
        therapist=practice.memberships.create(
            user=type(therapist).objects.create(username="cora"), role="therapist"
        ).user,
        start=today_at(10),
    )
    html = today_section(dashboard(therapist_client))
    found = rows(html)
    assert len(found) == 3
    assert "3 sessions" in html
    assert "Ezra Early" in found[0] and "09:00–09:45" in found[0] and "45 min" in found[0]
    assert "Not screened" in found[0]
    assert "Mona Middle" in found[1] and "Do not treat" in found[1]
    assert "Lena Late" in found[2] and "15:00–16:30" in found[2] and "Clear to treat" in found[2]
    assert "Colin Colleague" not in html


def test_each_session_offers_the_next_step_of_the_day(therapist_client, therapist, practice):
    ana = screened_client(practice)
    session = SessionFactory(client=ana, therapist=therapist, start=today_at(7))

    def step() -> tuple[str, str]:
        row = rows(today_section(dashboard(therapist_client)))[0]
        return next_step(row), row

    label, row = step()
    assert label == "Check in"
    assert f'href="/clients/{ana.pk}/sessions/{session.pk}/check-in/"' in row
    assert "Check-in: to do" in row and "Plan: to do" in row and "Note: to do" in row

    check_in(session, therapist)
    label, row = step()
    assert label == "Plan the session" and "Check-in: done" in row
    assert f'href="/clients/{ana.pk}/sessions/{session.pk}/plan/"' in row

    plan(session)
    label, row = step()
    assert label == "Write the note" and "Plan: done" in row

    note = NoteFactory(session=session)
    assert step()[0] == "Finish the note"
    note.signed_at, note.signed_by = timezone.now(), therapist
    note.save()
    label, row = step()
    assert label == "Make a self-care sheet" and "Note: signed" in row
    assert f'<form method="post" action="/clients/{ana.pk}/sheets/new/">' in row

    issued_for(ana, therapist)
    label, row = step()
    assert label == "Open the session" and "Sheet: made" in row


def test_a_client_not_yet_screened_is_asked_for_an_intake_first(
    therapist_client, therapist, practice
):
    ben = ClientFactory(practice=practice)
    SessionFactory(client=ben, therapist=therapist, start=today_at(9))
    row = rows(today_section(dashboard(therapist_client)))[0]
    assert next_step(row) == "Take the intake"
    assert f'href="/clients/{ben.pk}/intakes/new/"' in row
    draft = IntakeFactory(client=ben, status="draft", signed_at=None, source="client")
    row = rows(today_section(dashboard(therapist_client)))[0]
    assert next_step(row) == "Review the self-intake"
    assert f'href="/clients/{ben.pk}/intakes/{draft.pk}/"' in row


def test_a_client_who_must_not_be_treated_skips_the_plan(therapist_client, therapist, practice):
    dora = ClientFactory(practice=practice)
    IntakeFactory(client=dora, red_flags=["RF11"])
    session = SessionFactory(client=dora, therapist=therapist, start=today_at(9))
    check_in(session, therapist)
    row = rows(today_section(dashboard(therapist_client)))[0]
    assert next_step(row) == "Write the note"
    assert "Plan: none (do not treat)" in row


def test_a_cancelled_session_is_shown_without_a_next_step(therapist_client, therapist, practice):
    SessionFactory(
        client=screened_client(practice), therapist=therapist, start=today_at(9), status="cancelled"
    )
    row = rows(today_section(dashboard(therapist_client)))[0]
    assert "Cancelled" in row and next_step(row) == ""


def test_today_is_the_practices_today(therapist_client, therapist, practice):
    practice.time_zone = "America/Los_Angeles"
    practice.save()
    los_angeles = zoneinfo.ZoneInfo("America/Los_Angeles")
    ana = screened_client(practice)
    # 07:30 in London on the 7th is still the 6th in Los Angeles.
    SessionFactory(
        client=ana, therapist=therapist, start=datetime(2026, 12, 6, 21, tzinfo=los_angeles)
    )
    SessionFactory(
        client=ana, therapist=therapist, start=datetime(2026, 12, 7, 9, tzinfo=los_angeles)
    )
    html = today_section(dashboard(therapist_client))
    assert "Sunday 6 Dec" in html
    assert len(rows(html)) == 1 and "21:00–22:00" in rows(html)[0]


def test_an_empty_day_says_so(therapist_client):
    html = dashboard(therapist_client)
    assert "No sessions booked for you today" in html
    assert "Needs you first" not in html


def test_another_practice_never_sees_the_sessions(client, outsider, therapist, practice):
    SessionFactory(
        client=screened_client(practice, first_name="Private", last_name="Person"),
        therapist=therapist,
        start=today_at(9),
    )
    IntakeFactory(
        client=ClientFactory(practice=practice, last_name="Waiting"),
        status="draft",
        signed_at=None,
    )
    client.force_login(outsider)
    html = dashboard(client)
    assert "Private Person" not in html and "Waiting" not in html
    assert "No sessions booked for you today" in html


# --- Needs you first ------------------------------------------------------------------------------


def test_self_intakes_reporting_red_flags_come_first_and_are_marked(therapist_client, practice):
    calm = ClientFactory(practice=practice, first_name="Cal", last_name="Calm")
    worried = ClientFactory(practice=practice, first_name="Wes", last_name="Worried")
    IntakeFactory(
        client=worried, status="draft", signed_at=None, source="client", red_flags=["RF01"]
    )
    IntakeFactory(client=calm, status="draft", signed_at=None, source="client")  # newer
    html = needs_section(dashboard(therapist_client))
    assert "Self-intakes to review (2)" in html
    assert html.index("Wes Worried") < html.index("Cal Calm")
    assert "Reports red flags: RF01" in html


def test_an_older_self_intake_with_red_flags_comes_before_ten_newer_ones(
    therapist_client, practice
):
    worried = ClientFactory(practice=practice, first_name="Wes", last_name="Worried")
    IntakeFactory(
        client=worried, status="draft", signed_at=None, source="client", red_flags=["RF01"]
    )
    for _ in range(11):
        IntakeFactory(
            client=ClientFactory(practice=practice), status="draft", signed_at=None, source="client"
        )
    html = needs_section(dashboard(therapist_client))
    assert "Self-intakes to review (10)" in html and "Wes Worried" in html
    assert "More are waiting" in html


def test_drafts_to_sign_are_listed(therapist_client, practice):
    maria = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    draft = IntakeFactory(client=maria, status="draft", signed_at=None)
    IntakeFactory(client=ClientFactory(practice=practice, last_name="Signed"))
    html = needs_section(dashboard(therapist_client))
    assert "Intakes to sign (1)" in html
    assert "Maria Lopez" in html and "Signed" not in html.replace("sign", "")
    assert f'href="/clients/{maria.pk}/intakes/{draft.pk}/"' in html


def test_items_paused_on_an_open_link_are_listed(therapist_client, therapist, practice):
    ana = screened_client(practice)
    sheet = issued_for(ana, therapist)
    SheetLink.objects.create(
        sheet=sheet, created_by=therapist, expires=timezone.now() + timedelta(days=30)
    )
    assert "Paused on private links" not in dashboard(therapist_client)
    # Saddle numbness at a check-in: every item of the sheet is paused on the link.
    session = SessionFactory(client=ana, therapist=therapist, start=today_at(9))
    check_in(session, therapist, anything_changed=True, new_red_flags=["RF01"])
    html = needs_section(dashboard(therapist_client))
    assert "Paused on private links (1)" in html
    assert sheet.snapshot["items"][0]["name"] in html
    assert f'href="/clients/{ana.pk}/sheets/{sheet.pk}/"' in html


def test_a_revoked_link_pauses_nothing_on_the_dashboard(therapist_client, therapist, practice):
    ana = screened_client(practice)
    sheet = issued_for(ana, therapist)
    SheetLink.objects.create(
        sheet=sheet,
        created_by=therapist,
        expires=timezone.now() + timedelta(days=30),
        revoked_at=timezone.now(),
    )
    session = SessionFactory(client=ana, therapist=therapist, start=today_at(9))
    check_in(session, therapist, anything_changed=True, new_red_flags=["RF01"])
    assert "Paused on private links" not in dashboard(therapist_client)


# --- Queries ----------------------------------------------------------------------------------


def fill_day(practice, therapist, count: int, first_hour: int = 8) -> None:
    """`count` sessions today at every stage, with waiting intakes and a paused link each."""
    for n in range(count):
        client = screened_client(practice, first_name=f"Client{n}", last_name="Busy")
        start = today_at(first_hour) + timedelta(minutes=45 * n)
        session = SessionFactory(client=client, therapist=therapist, start=start, length=45)
        if n % 4 >= 1:
            check_in(session, therapist)
        if n % 4 >= 2:
            plan(session)
        if n % 4 == 3:
            NoteFactory(session=session)
        other = ClientFactory(practice=practice)
        IntakeFactory(client=other, status="draft", signed_at=None, source="client")
        IntakeFactory(client=ClientFactory(practice=practice), status="draft", signed_at=None)
        if n % 3 == 0:
            sheet = issued_for(client, therapist)
            SheetLink.objects.create(
                sheet=sheet, created_by=therapist, expires=timezone.now() + timedelta(days=30)
            )


def test_the_dashboard_takes_the_same_queries_for_3_or_12_sessions(
    therapist_client, therapist, practice, django_assert_max_num_queries
):
    fill_day(practice, therapist, 3)
    with CaptureQueriesContext(connection) as few:
        html = dashboard(therapist_client)
    assert len(rows(today_section(html))) == 3
    fill_day(practice, therapist, 9, first_hour=11)
    with django_assert_max_num_queries(len(few)):
        html = dashboard(therapist_client)
    assert len(rows(today_section(html))) == 12
    # Ten of each are listed, so the day's sessions stay near the top.
    assert "Self-intakes to review (10)" in html and "Intakes to sign (10)" in html
    assert html.count("More are waiting") == 2
