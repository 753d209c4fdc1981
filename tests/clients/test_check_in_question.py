"""The check-in's one question (issue 15): "Anything new since <date>?" comes first; only
"Yes" opens the lists, grouped by kind with the most serious first."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime

import pytest

from clients.models import CheckIn
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def client_record(practice):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, signed_at=datetime(2026, 1, 6, 9, 0, tzinfo=LONDON))
    return client


def booked(client, therapist, day):
    return SessionFactory(
        client=client, therapist=therapist, start=datetime(2026, 3, day, 10, 0, tzinfo=LONDON)
    )


@pytest.fixture
def session(client_record, therapist):
    return booked(client_record, therapist, 10)


def url(session):
    return f"/clients/{session.client_id}/sessions/{session.pk}/check-in/"


def page(http, session) -> str:
    return http.get(url(session)).content.decode()


def test_the_question_names_the_day_of_the_signed_intake(therapist_client, session):
    html = page(therapist_client, session)
    assert "Anything new since 6 Jan 2026?" in html
    assert "The day of the signed intake." in html


def test_the_question_names_the_day_of_the_last_check_in_when_later(
    therapist_client, session, client_record, therapist
):
    earlier = booked(client_record, therapist, 3)
    CheckIn.objects.create(session=earlier, anything_changed=False)
    html = page(therapist_client, session)
    assert "Anything new since 3 Mar 2026?" in html
    assert "The day of the last check-in." in html
    # A later session's check-in is not "since" for this one.
    assert "since 10 Mar 2026" not in page(therapist_client, earlier)


def test_the_question_comes_first_with_no_before_yes(therapist_client, session):
    html = page(therapist_client, session)
    question = html.index("Anything new since")
    assert question < html.index('id="check-in-lists"')
    assert html.index("No, nothing has changed") < html.index("Yes, something has changed")


def test_the_lists_are_grouped_most_serious_first(therapist_client, session):
    html = page(therapist_client, session)
    headings = re.findall(r"<legend[^>]*>([^<]+)</legend>", html)
    flags = headings.index("Emergency: send for care now")
    assert headings[flags : flags + 3] == [
        "Emergency: send for care now",
        "Urgent: a doctor today",
        "Routine medical review",
    ]
    cis = headings.index("No massage")
    assert headings[cis : cis + 3] == ["No massage", "Adapt the treatment", "Avoid an area"]
    # Saddle numbness (RF01) is in the emergency group, before the urgent ones.
    assert (
        html.index('value="RF01"')
        < html.index("Urgent: a doctor today")
        < html.index('value="RF08"')
    )


def test_no_with_nothing_ticked_saves(therapist_client, session, therapist):
    response = therapist_client.post(url(session), {"anything_changed": "False"})
    assert response.status_code == 302
    check_in = CheckIn.objects.get(session=session)
    assert check_in.anything_changed is False
    assert check_in.new_red_flags == [] and check_in.new_contraindications == []


def test_the_lists_start_closed_and_a_yes_with_ticks_saves_them(therapist_client, session):
    assert "check-in-open" not in page(therapist_client, session)
    response = therapist_client.post(
        url(session),
        {"anything_changed": "True", "new_red_flags": ["RF10"], "site_CI15": ["GLUT"]},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get(session=session)
    assert check_in.new_red_flags == ["RF10"]
    assert check_in.new_contraindications == ["CI15:GLUT"]


def test_no_with_ticks_is_refused_next_to_the_question_with_the_lists_open(
    therapist_client, session
):
    response = therapist_client.post(
        url(session), {"anything_changed": "False", "new_red_flags": ["RF01"]}
    )
    assert response.status_code == 200
    assert "You ticked new answers" in response.context["form"].errors["anything_changed"][0]
    html = response.content.decode()
    assert "check-in-open" in html  # the ticked answer stays in sight
    assert 'value="RF01" id="id_new_red_flags_0" checked' in html
    assert not CheckIn.objects.exists()


def test_a_saved_yes_opens_with_its_answers_again(therapist_client, session):
    CheckIn.objects.create(session=session, anything_changed=True, new_red_flags=["RF10"])
    html = page(therapist_client, session)
    assert "check-in-open" in html
    assert re.search(r'value="True"[^>]*checked', html)


def test_another_practice_gets_404(outsider_client, session):
    assert outsider_client.get(url(session)).status_code == 404
    assert outsider_client.post(url(session), {"anything_changed": "False"}).status_code == 404
