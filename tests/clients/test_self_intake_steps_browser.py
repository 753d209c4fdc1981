"""The client's self-intake on a phone, one short step at a time: the progress line,
Next and Back, the send button on the last step, and a failed send that opens the step
holding the answer to check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, Intake, IntakeLink
from tests.browser import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = [
    "Where it hurts",
    "Your legs",
    "Warning signs",
    "Your health and medicines",
    "Your goals and agreement",
]
# The whole form was about 7,000 px on a phone; one step must stay a short scroll.
# (the tallest, health and medicines, measures 1,494 px; the margin absorbs font metrics)
MAX_STEP_HEIGHT = 1600


@pytest.fixture
def link(practice, therapist):
    person = Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1980, 5, 1),
        created_by=therapist,
    )
    return IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def phone_page(browser, live_server, link):
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("clients:self_intake", args=[link.token]))
    page.get_by_role("heading", name="Before your massage").wait_for()
    yield page
    context.close()


def visible_steps(page) -> list[str]:
    return page.locator("section.intake-section").evaluate_all(
        "all => all.filter(s => s.offsetParent !== null).map(s => s.id)"
    )


def step_link(page, title):
    return page.get_by_role("navigation", name="Steps of the form").get_by_role("link", name=title)


def test_the_client_walks_the_steps_with_next_and_sends_after_fixing_the_agreement(
    phone_page, shoot, assert_accessible
):
    page = phone_page
    send = page.get_by_role("button", name="Send my answers")
    heights = {}
    for number, title in enumerate(TITLES, start=1):
        expect(page.get_by_text(f"Step {number} of 5: {title}")).to_be_visible()
        expect(step_link(page, title)).to_have_attribute("aria-current", "step")
        assert len(visible_steps(page)) == 1
        heights[title] = page.locator("section.intake-section:visible").bounding_box()["height"]
        shoot(page, f"self-intake-step-{number}-phone")
        if number == 1:
            assert_accessible(page)
            expect(page.get_by_role("button", name="Back")).to_be_hidden()
            page.get_by_label("How bad is your pain right now?").fill("4")
            page.get_by_label("How bad is your pain right now?").press("Enter")
            expect(page.get_by_text("Step 1 of 5")).to_be_visible()  # Enter sent nothing
        if number < len(TITLES):
            expect(send).to_be_hidden()  # sending waits for the last step
            page.get_by_role("button", name=f"Next: {TITLES[number]}").click()
            expect(page.get_by_role("heading", name=TITLES[number])).to_be_focused()
    print("Step heights on a phone:", heights)
    assert max(heights.values()) < MAX_STEP_HEIGHT, heights
    expect(page.get_by_role("button", name="Next", exact=False)).to_be_hidden()
    assert_accessible(page)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Step 4 of 5: Your health and medicines")).to_be_visible()
    step_link(page, "Your goals and agreement").click()

    # Sent without the agreement: the summary at the top, its link opens the last step.
    send.click()
    summary = page.get_by_role("alert").filter(has_text="Please check 1 answer")
    expect(summary).to_be_focused()
    assert summary.bounding_box()["y"] < page.locator("form.intake-form").bounding_box()["y"]
    expect(page.get_by_text("Step 5 of 5: Your goals and agreement")).to_be_visible()
    shoot(page, "self-intake-summary-phone")
    assert_accessible(page)
    step_link(page, "Where it hurts").click()
    assert page.get_by_label("How bad is your pain right now?").input_value() == "4"  # kept
    summary.get_by_role("link", name="Type your full name to agree").click()
    agreement = page.get_by_label("Type your full name to agree")
    expect(agreement).to_be_focused()
    expect(page.get_by_text("Step 5 of 5: Your goals and agreement")).to_be_visible()
    expect(page.get_by_text("Please type your name to show that you agree.")).to_be_visible()
    agreement.fill("Maria Lopez")
    send.click()
    page.get_by_role("heading", name="Thank you").wait_for()
    intake = Intake.objects.get()
    assert intake.consent_name == "Maria Lopez" and intake.pain_now == 4


def test_a_failed_send_opens_the_step_of_the_first_answer_to_check(
    phone_page, shoot, assert_accessible
):
    page = phone_page
    page.get_by_label("How bad is your pain right now?").fill("11")
    step_link(page, "Your goals and agreement").click()
    page.get_by_role("button", name="Send my answers").click()

    summary = page.get_by_role("alert").filter(has_text="Please check 2 answers")
    expect(summary).to_be_focused()
    expect(page.get_by_text("Step 1 of 5: Where it hurts")).to_be_visible()
    expect(page.get_by_text("Please give a number from 0 to 10.")).to_be_visible()
    assert visible_steps(page) == ["step-pain"]
    assert_accessible(page)
    summary.get_by_role("link", name="Type your full name to agree").click()
    expect(page.get_by_label("Type your full name to agree")).to_be_focused()
    expect(page.get_by_text("Step 5 of 5: Your goals and agreement")).to_be_visible()
    summary.get_by_role("link", name="How bad is your pain right now?").click()
    expect(page.get_by_label("How bad is your pain right now?")).to_be_focused()
    expect(page.get_by_text("Step 1 of 5: Where it hurts")).to_be_visible()
    assert not Intake.objects.exists()
