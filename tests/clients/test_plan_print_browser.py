"""The printed session plan in a real browser: the patterns and side it addresses are
on the page at tablet and phone width, and axe finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clients.models import PlanItem
from techniques.models import Entry
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_the_printout_says_which_patterns_and_side_the_session_addresses(
    signed_in_page, live_server, practice, therapist, shoot, assert_accessible
):
    page = signed_in_page
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(
        client=client,
        symptoms=["PS02", "PS03", "PS04", "SC07", "SC09"],
        pain_regions=["front_hip_right", "buttock_right"],
    )
    session = SessionFactory(client=client, therapist=therapist)
    entry = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    PlanItem.objects.create(session=session, entry=entry, position=0, minutes=10)
    page.goto(live_server.url + session.step_url("plan_print"))
    expect(page.locator(".plan-addresses")).to_have_text(
        "Addresses: psoas-related pain; deep gluteal / piriformis · Side: right"
    )
    shoot(page, f"plan-print-addresses-{page.viewport_name}")
    assert_accessible(page)
