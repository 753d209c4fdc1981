"""Booking in a real browser: the proposed time is free, so it saves the first time; a
client without a signed intake is warned about, with the intake link on offer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import IntakeLink, Session
from clients.services.today import round_up
from tests.clients.sheet_helpers import screened_client
from tests.factories import ClientFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_the_proposed_time_books_first_time(
    signed_in_page, live_server, therapist, practice, shoot, assert_accessible
):
    page = signed_in_page
    maria = screened_client(practice, first_name="Maria", last_name="Lopez")
    # The therapist is busy from the next quarter hour, and again at the next full hour: the
    # hour that was always proposed before.
    soon = round_up(timezone.localtime() + timedelta(minutes=1))
    full_hour = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for start in {soon, full_hour}:
        SessionFactory(
            client=ClientFactory(practice=practice), therapist=therapist, start=start, length=60
        )

    page.goto(f"{live_server.url}/clients/{maria.pk}/sessions/new/")
    proposed = page.get_by_label("Start").input_value()
    expect(page.get_by_text("Before you book")).to_have_count(0)
    assert_accessible(page)
    shoot(page, f"booking-free-slot-{page.viewport_name}")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session booked.")).to_be_visible()
    assert not page.get_by_text("overlaps").count()
    booked = Session.objects.get(client=maria)
    assert timezone.localtime(booked.start).strftime("%Y-%m-%dT%H:%M") == proposed


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_a_client_without_an_intake_is_warned_about_and_offered_the_link(
    signed_in_page, live_server, practice, shoot, assert_accessible
):
    page = signed_in_page
    ben = ClientFactory(practice=practice, first_name="Ben", last_name="Newcomer")
    page.goto(f"{live_server.url}/clients/{ben.pk}/sessions/new/")
    warning = page.get_by_role("alert").filter(has_text="Before you book")
    expect(warning).to_contain_text("Ben Newcomer has no signed intake yet")
    assert_accessible(page)
    shoot(page, f"booking-warning-{page.viewport_name}")

    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Tick “Book anyway” to book despite")).to_be_visible()
    assert not Session.objects.exists()
    page.get_by_label("Book anyway").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session booked.")).to_be_visible()
    assert Session.objects.get().client == ben

    page.goto(f"{live_server.url}/clients/{ben.pk}/sessions/new/")
    page.get_by_role("button", name="Send an intake link").click()
    expect(page.get_by_text("Link made.")).to_be_visible()
    assert IntakeLink.objects.filter(client=ben).exists()
