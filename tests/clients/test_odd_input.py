"""Odd input a black-box review sent: each gets a clear answer, never a server error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clients.models import Session
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(practice, therapist):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04"])
    return SessionFactory(client=client, therapist=therapist)


@pytest.mark.parametrize("action", ["remove:²", "up:¹", "down:①", "remove:", "up:-1"])
def test_plan_builder_actions_with_odd_ids_get_a_message(therapist_client, session, action):
    url = f"/clients/{session.client_id}/sessions/{session.pk}/plan/"
    response = therapist_client.post(url, {"action": action}, follow=True)
    assert response.status_code == 200
    assert "Choose what to change in the plan." in response.content.decode()


def test_a_new_intake_from_an_odd_id_is_a_blank_form(therapist_client, session):
    response = therapist_client.get(f"/clients/{session.client_id}/intakes/new/?from=²")
    assert response.status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "²"])
@pytest.mark.parametrize("view", ["day", "week"])
def test_the_agenda_at_the_ends_of_the_calendar_opens_on_today(therapist_client, day, view):
    response = therapist_client.get(f"/agenda/?date={day}&view={view}")
    assert response.status_code == 200


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_session_at_the_ends_of_the_calendar_is_refused_beside_the_start(
    therapist_client, therapist, session, start
):
    url = f"/clients/{session.client_id}/sessions/new/"
    data = {"start": start, "length": "60", "therapist": str(therapist.pk)}
    response = therapist_client.post(url, data)
    assert response.status_code == 200
    assert "between 1900 and 2999" in response.content.decode()
    assert Session.objects.count() == 1


def test_an_old_practice_name_with_a_carriage_return_still_sends_the_sheet_email(
    therapist_client, practice, therapist
):
    from tests.clients.sheet_helpers import issued_for, screened_client

    # Saved before names were checked: a lone carriage return in the name.
    type(practice).objects.filter(pk=practice.pk).update(name="Riverside\rMassage")
    practice.refresh_from_db()
    client = screened_client(practice)
    sheet = issued_for(client, therapist)
    url = f"/clients/{client.pk}/sheets/{sheet.pk}/links/new/"
    response = therapist_client.post(url, {"days": "30", "email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your self-care sheet from Riverside Massage"
    assert timezone.now() - sheet.links.get().created < timedelta(minutes=1)
