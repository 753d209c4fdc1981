"""The morning list in a real browser: today's sessions in order with their screening, and
the next-step button taking the therapist to the check-in; on a tablet and a phone."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.clients.sheet_helpers import screened_client
from tests.factories import ClientFactory, IntakeFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def today_at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(
        timezone.localdate(), time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_the_therapist_sees_todays_sessions_and_goes_to_the_next_step(
    signed_in_page, live_server, therapist, practice, shoot, assert_accessible
):
    page = signed_in_page
    maria = screened_client(practice, first_name="Maria", last_name="Lopez")
    dora = ClientFactory(practice=practice, first_name="Dora", last_name="Flagged")
    IntakeFactory(client=dora, red_flags=["RF11"])
    ben = ClientFactory(practice=practice, first_name="Ben", last_name="Newcomer")
    SessionFactory(client=dora, therapist=therapist, start=today_at(13), length=45)
    first = SessionFactory(client=maria, therapist=therapist, start=today_at(9), length=60)
    SessionFactory(client=ben, therapist=therapist, start=today_at(16, 30), length=90)
    IntakeFactory(
        client=ClientFactory(practice=practice, first_name="Wes", last_name="Worried"),
        status="draft",
        signed_at=None,
        source="client",
        red_flags=["RF01"],
    )

    page.goto(live_server.url + "/")
    today = page.locator(".today-session")
    expect(today).to_have_count(3)
    expect(today.nth(0)).to_contain_text("09:00–10:00")
    expect(today.nth(0)).to_contain_text("Maria Lopez")
    expect(today.nth(0)).to_contain_text("Clear to treat")
    expect(today.nth(1)).to_contain_text("Dora Flagged")
    expect(today.nth(1)).to_contain_text("Do not treat")
    expect(today.nth(2)).to_contain_text("Ben Newcomer")
    expect(today.nth(2)).to_contain_text("Not screened")
    expect(today.nth(2).get_by_role("link", name="Take the intake")).to_be_visible()
    needs = page.get_by_role("region", name="Needs you first")
    expect(needs).to_contain_text("Reports red flags: RF01")
    # Needs-you-first comes before the day's list.
    assert needs.bounding_box()["y"] < today.nth(0).bounding_box()["y"]
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "scrolls sideways"
    assert_accessible(page)
    shoot(page, f"today-{page.viewport_name}")

    today.nth(0).get_by_role("link", name="Check in").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{maria.pk}/sessions/{first.pk}/check-in/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maria Lopez")


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_an_empty_day_is_said_plainly(signed_in_page, live_server, assert_accessible):
    page = signed_in_page
    page.goto(live_server.url + "/")
    expect(page.get_by_text("No sessions booked for you today")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs you first")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("signed_in_page", ["tablet"], indirect=True)
def test_a_clients_day_from_the_list_to_the_sheet_has_no_dead_end(
    signed_in_page, live_server, therapist, practice, shoot
):
    """From the morning list, the next-step button leads through check-in, plan, note and
    sheet; after each step the list offers the next one, and at the end the session."""
    page = signed_in_page
    maria = screened_client(practice, first_name="Maria", last_name="Lopez")
    begun = max(today_at(0, 0), timezone.now() - timedelta(minutes=30))  # notes sign once begun
    SessionFactory(client=maria, therapist=therapist, start=begun, length=60)

    def next_step(label: str):
        page.goto(live_server.url + "/")
        row = page.locator(".today-session", has_text="Maria Lopez")
        row.locator(".today-next").get_by_text(label).click()

    next_step("Check in")
    page.get_by_label("No, nothing has changed").check()
    page.get_by_role("button", name="Save the check-in and see the plan").click()

    next_step("Plan the session")
    page.get_by_role("button", name="Suggest a plan").click()
    expect(page.locator(".plan-list li").first).to_be_visible()

    next_step("Write the note")
    page.get_by_label("Pain now (0–10)").fill("3")
    page.get_by_label("The client's report").fill("Easier on the stairs this week.")
    page.get_by_role("button", name="Save and sign").click()
    page.get_by_text("Note signed and locked.").wait_for()

    next_step("Make a self-care sheet")
    page.get_by_role("button", name="Save and issue").click()
    page.get_by_text("Sheet issued.").wait_for()

    page.goto(live_server.url + "/")
    row = page.locator(".today-session", has_text="Maria Lopez")
    expect(row).to_contain_text("Check-in: done")
    expect(row.get_by_role("link", name="Open the session")).to_be_visible()
    shoot(page, "today-day-done-tablet")
