"""The therapist's agenda and private calendar feed: only their own sessions, initials only."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from clients.models import AuditEvent, CalendarFeed
from tests.factories import ClientFactory, MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def maria(practice):
    return ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")


def test_the_day_view_shows_the_therapists_sessions_in_order(
    therapist_client, therapist, owner, maria, practice
):
    SessionFactory(client=maria, therapist=therapist, start=at(10, 14))
    SessionFactory(
        client=ClientFactory(practice=practice, first_name="Ben", last_name="Okafor"),
        therapist=therapist,
        start=at(10, 9, 30),
    )
    SessionFactory(
        client=ClientFactory(practice=practice, last_name="Colleagues-Client"),
        therapist=owner,
        start=at(10, 11),
    )
    SessionFactory(client=maria, therapist=therapist, start=at(11, 9))
    response = therapist_client.get("/agenda/?view=day&date=2026-03-10")
    html = response.content.decode()
    assert html.index("Ben Okafor") < html.index("Maria Lopez")
    assert "09:30–10:30" in html and "14:00–15:00" in html
    assert "Colleagues-Client" not in html
    assert response.context["count"] == 2
    [(day, sessions)] = response.context["days"]
    assert str(day) == "2026-03-10" and all(s.therapist == therapist for s in sessions)
    session = sessions[0]
    assert f"/clients/{session.client_id}/sessions/{session.pk}/" in html


def test_the_week_view_runs_monday_to_sunday_with_previous_and_next(
    therapist_client, therapist, maria
):
    SessionFactory(client=maria, therapist=therapist, start=at(9, 10))  # Monday
    SessionFactory(client=maria, therapist=therapist, start=at(15, 18))  # Sunday
    SessionFactory(client=maria, therapist=therapist, start=at(16, 10))  # next Monday
    response = therapist_client.get("/agenda/?view=week&date=2026-03-12")
    days = response.context["days"]
    assert [str(day) for day, _ in days][0::6] == ["2026-03-09", "2026-03-15"]
    assert response.context["count"] == 2
    assert response.context["previous"] == "?view=week&date=2026-03-05"
    assert response.context["next"] == "?view=week&date=2026-03-19"


def test_days_follow_the_practices_time_zone(therapist_client, therapist, maria, practice):
    practice.time_zone = "Pacific/Auckland"
    practice.save()
    # 23:30 in London on the 9th is 12:30 on the 10th in Auckland.
    SessionFactory(client=maria, therapist=therapist, start=at(9, 23, 30))
    response = therapist_client.get("/agenda/?view=day&date=2026-03-10")
    assert response.context["count"] == 1
    assert "12:30" in response.content.decode()


def test_a_bad_date_falls_back_to_today(therapist_client):
    response = therapist_client.get("/agenda/?view=fortnight&date=yesterday")
    assert response.status_code == 200
    assert response.context["view"] == "day"
    assert response.context["day"] == timezone.localdate()


def test_the_agenda_shows_no_other_practices_sessions(
    therapist_client, therapist, other_practice, outsider
):
    theirs = ClientFactory(practice=other_practice, last_name="Elsewhere")
    # Even a session wrongly pointing at our therapist stays out: it's not our client.
    SessionFactory(client=theirs, therapist=therapist, start=at(10, 10))
    SessionFactory(client=theirs, therapist=outsider, start=at(10, 12))
    html = therapist_client.get("/agenda/?date=2026-03-10").content.decode()
    assert "Elsewhere" not in html


def test_the_agenda_runs_a_constant_number_of_queries(
    therapist_client, therapist, maria, practice, django_assert_max_num_queries
):
    SessionFactory(client=maria, therapist=therapist, start=at(9, 8))
    # One session: the agenda reads its clients' screenings (five queries for any number).
    with django_assert_max_num_queries(15) as few:
        therapist_client.get("/agenda/?view=week&date=2026-03-10")
    for day in range(9, 16):
        for hour in (9, 11, 13, 15):
            SessionFactory(
                client=ClientFactory(practice=practice), therapist=therapist, start=at(day, hour)
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = therapist_client.get("/agenda/?view=week&date=2026-03-10")
    assert response.context["count"] == 29


def test_a_site_admin_without_a_practice_has_no_agenda(admin_client):
    assert admin_client.get("/agenda/").status_code == 404
    assert admin_client.get("/agenda/feed/").status_code == 404


# --- The calendar feed -------------------------------------------------------------------


def make_feed(http):
    http.post("/agenda/feed/", {"action": "renew"})
    return CalendarFeed.objects.get()


def test_the_therapist_makes_renews_and_turns_off_their_feed(therapist_client, therapist):
    assert "You have no calendar feed." in therapist_client.get("/agenda/feed/").content.decode()
    feed = make_feed(therapist_client)
    assert feed.user == therapist
    html = therapist_client.get("/agenda/feed/").content.decode()
    assert f"http://testserver/calendar/{feed.token}.ics" in html
    old = feed.token
    renewed = make_feed(therapist_client)
    assert renewed.token != old
    assert therapist_client.get(f"/calendar/{old}.ics").status_code == 404
    assert therapist_client.get(f"/calendar/{renewed.token}.ics").status_code == 200
    therapist_client.post("/agenda/feed/", {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
    assert therapist_client.get(f"/calendar/{renewed.token}.ics").status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"created", "revoked"} <= actions


def test_the_feed_shows_initials_only_and_only_this_therapists_active_sessions(
    therapist_client, client, therapist, owner, maria, practice, other_practice
):
    feed = make_feed(therapist_client)
    now = timezone.now()
    mine = SessionFactory(client=maria, therapist=therapist, start=now + timedelta(days=2))
    SessionFactory(
        client=maria, therapist=therapist, start=now + timedelta(days=3), status="cancelled"
    )
    SessionFactory(
        client=maria, therapist=therapist, start=now + timedelta(days=4), status="no_show"
    )
    SessionFactory(
        client=ClientFactory(practice=practice, first_name="Xavier", last_name="Young"),
        therapist=owner,
        start=now + timedelta(days=2),
    )
    SessionFactory(
        client=ClientFactory(practice=other_practice, first_name="Zoe", last_name="Quist"),
        therapist=therapist,
        start=now + timedelta(days=5),
    )
    client.logout()
    response = client.get(f"/calendar/{feed.token}.ics")  # no sign-in needed
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:session-{mine.pk}@testserver" in body
    assert "SUMMARY:Session ML (60 min)" in body
    assert f"DTSTART:{mine.start.astimezone(zoneinfo.ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}" in body
    for secret in ("Maria", "Lopez", "Xavier", "XY", "Zoe", "ZQ", "maria@"):
        assert secret not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


@pytest.mark.parametrize("token", ["nope", "x" * 43, ""])
def test_an_unknown_token_is_a_404(client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_deactivated_therapists_feed_stops(client, practice):
    member = MembershipFactory(practice=practice)
    feed = CalendarFeed.objects.create(user=member.user)
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    member.user.is_active = False
    member.user.save()
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


def test_the_feed_page_and_the_feed_need_the_right_methods(therapist_client, client):
    feed = make_feed(therapist_client)
    assert client.post(f"/calendar/{feed.token}.ics").status_code == 405
    assert therapist_client.delete("/agenda/feed/").status_code == 405


HOSTILE = "Evil\rBEGIN:VEVENT\rSUMMARY:Injected\rEND:VEVENT\r\nBEGIN:VEVENT\nX"


def test_names_saved_with_line_breaks_add_no_event_to_the_feed(
    therapist_client, client, therapist, practice
):
    """Names saved before they were checked (straight into the database here) can't add
    events or properties: the feed has exactly one event per session."""
    practice.name = HOSTILE
    practice.save()
    feed = make_feed(therapist_client)
    now = timezone.now()
    for number, first_name in enumerate(["\rBEGIN:VEVENT", "\u2028Ann", "\nBo"], start=1):
        person = ClientFactory(practice=practice, first_name=first_name, last_name="\rZ")
        SessionFactory(client=person, therapist=therapist, start=now + timedelta(days=number))
    body = client.get(f"/calendar/{feed.token}.ics").content
    lines = re.split(rb"\r\n|\r|\n", body)  # as the most lenient calendar app reads it
    assert lines.count(b"BEGIN:VEVENT") == 3
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert {str(event.get("SUMMARY")) for event in events} == {"Session    (60 min)"}
    name = str(calendar.get("X-WR-CALNAME"))
    assert "\r" not in name and "\n" not in name and name.startswith("Evil")
