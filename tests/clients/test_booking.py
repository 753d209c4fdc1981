"""Booking: the proposed start is the therapist's next free slot, and booking a client who
must not be treated, or has no signed intake, takes a warning and a tick."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from clients.models import Session
from clients.services import sessions
from clients.services.today import first_free_start, next_free_slot, round_up
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(hour: int, minute: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def book(therapist, start: datetime, length: int = 60, **kwargs) -> Session:
    return SessionFactory(
        client=ClientFactory(practice=therapist.membership.practice),
        therapist=therapist,
        start=start,
        length=length,
        **kwargs,
    )


# --- The slot grid, pure ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(9, 0), at(9, 0)),
        (at(9, 1), at(9, 15)),
        (at(9, 14), at(9, 15)),
        (at(9, 45), at(9, 45)),
        (at(9, 50), at(10, 0)),
        (at(9, 0).replace(second=1), at(9, 15)),
        (at(23, 50), at(0, 0, day=8)),
    ],
)
def test_times_round_up_to_the_next_quarter_hour(moment, expected):
    assert round_up(moment) == expected


def test_an_empty_day_proposes_the_earliest_time():
    assert first_free_start([], at(9, 5), timedelta(minutes=60), at(20)) == at(9, 15)


def test_a_slot_skips_past_every_overlapping_session():
    busy = [(at(9), at(10)), (at(10), at(11, 30)), (at(12), at(13))]
    # 10:00–11:30 leaves 11:30–12:00: too short for an hour, so after 13:00.
    assert first_free_start(busy, at(9), timedelta(minutes=60), at(20)) == at(13)
    # Half an hour fits in the gap.
    assert first_free_start(busy, at(9), timedelta(minutes=30), at(20)) == at(11, 30)


def test_a_session_ending_off_the_grid_moves_the_start_to_the_next_quarter():
    busy = [(at(9, 10), at(10, 25))]  # 75 minutes from 9:10
    assert first_free_start(busy, at(9), timedelta(minutes=45), at(20)) == at(10, 30)


def test_a_long_session_that_started_earlier_still_blocks():
    busy = [(at(8), at(9, 30)), (at(9), at(9, 45))]
    assert first_free_start(busy, at(9), timedelta(minutes=60), at(20)) == at(9, 45)


def test_a_full_day_has_no_slot():
    busy = [(at(8), at(20))]
    assert first_free_start(busy, at(8), timedelta(minutes=30), at(20)) is None
    # Room for 45 minutes at the end, not for an hour.
    busy = [(at(8), at(19, 15))]
    assert first_free_start(busy, at(8), timedelta(minutes=45), at(20)) == at(19, 15)
    assert first_free_start(busy, at(8), timedelta(minutes=60), at(20)) is None


# --- The next free slot from the therapist's diary ----------------------------------------------


@pytest.fixture
def in_london():
    with timezone.override(LONDON):
        yield


def test_the_next_slot_skips_the_therapists_sessions_only(therapist, practice, in_london):
    book(therapist, at(10), 60)
    book(therapist, at(11), 45)
    # Cancelled sessions and other therapists' sessions don't take the time.
    book(therapist, at(11, 45), 90, status="cancelled")
    colleague = type(therapist).objects.create(username="cora")
    practice.memberships.create(user=colleague, role="therapist")
    book(colleague, at(11, 45), 60)
    slot = next_free_slot(therapist.pk, length=60, now=at(9, 50))
    assert slot == at(11, 45)
    assert sessions.overlapping_sessions(therapist.pk, slot, 60) == []


def test_before_the_working_day_the_first_slot_is_when_it_opens(therapist, in_london):
    assert next_free_slot(therapist.pk, length=60, now=at(6, 12)) == at(8)


def test_a_full_day_proposes_the_next_days_first_free_time(therapist, in_london):
    for hour in range(8, 20):
        book(therapist, at(hour), 60)
    book(therapist, at(8, day=8), 90)
    assert next_free_slot(therapist.pk, length=60, now=at(7, 30)) == at(9, 30, day=8)


def test_late_in_the_evening_the_next_slot_is_tomorrow(therapist, in_london):
    assert next_free_slot(therapist.pk, length=60, now=at(19, 20)) == at(8, day=8)
    assert next_free_slot(therapist.pk, length=30, now=at(19, 20)) == at(19, 30)


def test_the_slot_is_in_the_practices_time_zone(therapist):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    # 14:00 in London is 09:00 in New York: the New York day has begun.
    now = datetime(2026, 12, 7, 14, 0, tzinfo=LONDON)
    with timezone.override(new_york):
        slot = next_free_slot(therapist.pk, length=60, now=now)
    assert slot == datetime(2026, 12, 7, 9, 0, tzinfo=new_york)


# --- The booking page ----------------------------------------------------------------------------


def new_url(client) -> str:
    return f"/clients/{client.pk}/sessions/new/"


@time_machine.travel(datetime(2026, 12, 7, 9, 5, tzinfo=LONDON), tick=False)
def test_the_booking_page_proposes_the_next_free_slot(therapist_client, therapist, practice):
    maria = ClientFactory(practice=practice)
    IntakeFactory(client=maria)
    book(therapist, at(9, 15), 60)
    html = therapist_client.get(new_url(maria)).content.decode()
    assert 'value="2026-12-07T10:15"' in html
    assert "Before you book" not in html and "Book anyway" not in html


def posted(therapist, start="2026-12-09T10:00", **extra) -> dict:
    return {"start": start, "length": "60", "therapist": therapist.pk, **extra}


def test_a_client_without_a_signed_intake_needs_book_anyway(therapist_client, therapist, practice):
    ben = ClientFactory(practice=practice, first_name="Ben", last_name="Newcomer")
    page = therapist_client.get(new_url(ben)).content.decode()
    assert "Ben Newcomer has no signed intake yet" in page
    assert f'action="/clients/{ben.pk}/links/new/"' in page  # send the intake link
    assert "Book anyway" in page

    refused = therapist_client.post(new_url(ben), posted(therapist))
    assert refused.status_code == 200
    assert "Tick “Book anyway”" in refused.content.decode()
    assert 'value="2026-12-09T10:00"' in refused.content.decode()  # what was typed is kept
    assert not Session.objects.exists()

    booked = therapist_client.post(new_url(ben), posted(therapist, book_anyway="on"))
    assert booked.status_code == 302
    assert Session.objects.get().client == ben


def test_a_client_who_must_not_be_treated_is_warned_about(therapist_client, therapist, practice):
    dora = ClientFactory(practice=practice, first_name="Dora", last_name="Flagged")
    IntakeFactory(client=dora, red_flags=["RF11"])
    page = therapist_client.get(new_url(dora)).content.decode()
    assert "Dora Flagged&#x27;s current screening says do not treat" in page
    assert "RF11" in page
    assert "Send an intake link" not in page  # she has a signed intake
    assert therapist_client.post(new_url(dora), posted(therapist)).status_code == 200
    assert not Session.objects.exists()
    assert (
        therapist_client.post(new_url(dora), posted(therapist, book_anyway="on")).status_code == 302
    )


def test_a_screened_client_books_without_a_tick(therapist_client, therapist, practice):
    maria = ClientFactory(practice=practice)
    IntakeFactory(client=maria, symptoms=["PS01"])
    assert therapist_client.post(new_url(maria), posted(therapist)).status_code == 302


def test_a_pending_self_intake_is_offered_for_review_instead_of_a_new_link(
    therapist_client, practice
):
    eve = ClientFactory(practice=practice)
    draft = IntakeFactory(client=eve, status="draft", signed_at=None, source="client")
    page = therapist_client.get(new_url(eve)).content.decode()
    assert "Review the self-intake they sent" in page
    assert f"/clients/{eve.pk}/intakes/{draft.pk}/" in page


def test_another_practice_cannot_open_the_booking_page(client, outsider, practice):
    maria = ClientFactory(practice=practice)
    client.force_login(outsider)
    assert client.get(new_url(maria)).status_code == 404
    assert client.post(new_url(maria), {}).status_code == 404


# --- After signing, the next step is booking ---------------------------------------------------


def test_after_signing_an_intake_the_main_button_books_a_session(therapist_client, practice):
    maria = ClientFactory(practice=practice)
    draft = IntakeFactory(client=maria, status="draft", signed_at=None)
    before = therapist_client.get(maria.get_absolute_url()).content.decode()
    assert f'btn btn-primary" href="/clients/{maria.pk}/intakes/new/">New intake' in before

    response = therapist_client.post(
        f"/clients/{maria.pk}/intakes/{draft.pk}/sign/", {"revision": draft.revision}, follow=True
    )
    html = response.content.decode()
    assert "Next: book a session" in html
    assert f'btn btn-primary" href="/clients/{maria.pk}/sessions/new/">Book a session' in html
    assert f'btn btn-primary" href="/clients/{maria.pk}/intakes/new/"' not in html
    signed = therapist_client.get(f"/clients/{maria.pk}/intakes/{draft.pk}/").content.decode()
    assert f'btn btn-primary" href="/clients/{maria.pk}/sessions/new/">Book a session' in signed
