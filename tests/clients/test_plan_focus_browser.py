"""The plan builder in a real browser, by keyboard: Up and Down reload the page and the
focus comes back to the moved item's same button, again and again, also at the ends."""

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

SLUGS = ["swedish-warmup-lumbar-gluteal", "side-lying-lumbar-release", "hip-range-of-motion"]


@pytest.fixture
def session(practice, therapist):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client, symptoms=["PS02", "PS03", "PS04"], pain_regions=["groin_left"])
    session = SessionFactory(client=client, therapist=therapist, length=60)
    for index, slug in enumerate(SLUGS):
        PlanItem.objects.create(
            session=session, entry=Entry.objects.get(slug=slug), position=index, minutes=10
        )
    return session


def assert_focus_on(page, label: str) -> None:
    """The button named `label` has the keyboard focus (waiting for the reloaded page's
    autofocus), as document.activeElement says."""
    expect(page.locator(f'button[aria-label="{label}"]')).to_be_focused()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == label


def plan_names(page) -> list[str]:
    names = page.locator(".plan-item .plan-item-body > .fw-semibold").all_inner_texts()
    return [name.strip() for name in names]


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_up_and_down_by_keyboard_keep_the_focus_on_the_moved_item(
    signed_in_page, live_server, session, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    hip = Entry.objects.get(slug="hip-range-of-motion").name
    page.goto(live_server.url + session.step_url("plan_builder"))
    status = page.locator("#plan-status")

    page.get_by_role("button", name=f"Move {hip} up").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"Moved {hip} up to position 2.")
    assert_focus_on(page, f"Move {hip} up")
    # Enter again, without touching anything else: the focus is still on Up.
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"Moved {hip} up to position 1.")
    assert_focus_on(page, f"Move {hip} up")
    assert plan_names(page)[0] == hip
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described == "plan-status"
    shoot(page, f"plan-focus-moved-{width}")
    assert_accessible(page)

    # Up on the first item: nothing moves, and the focus stays where it was.
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"{hip} is first in the plan already.")
    assert_focus_on(page, f"Move {hip} up")
    assert plan_names(page)[0] == hip

    # Tab to Down, and take it back down twice, to the end.
    page.keyboard.press("Tab")
    assert_focus_on(page, f"Move {hip} down")
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"Moved {hip} down to position 2.")
    assert_focus_on(page, f"Move {hip} down")
    page.keyboard.press("Space")
    expect(status).to_have_text(f"Moved {hip} down to position 3.")
    assert_focus_on(page, f"Move {hip} down")
    assert plan_names(page)[-1] == hip
    assert (
        list(session.plan_items.order_by("position").values_list("entry__slug", flat=True)) == SLUGS
    )
    # The button at the end looks unavailable but still holds the focus.
    end = page.get_by_role("button", name=f"Move {hip} down")
    expect(end).to_have_attribute("aria-disabled", "true")
    expect(end).to_be_focused()
    shoot(page, f"plan-focus-end-{width}")
    assert_accessible(page)

    # Tab to Remove and take the item out: the focus goes to the new last item's Remove.
    page.keyboard.press("Tab")
    assert_focus_on(page, f"Remove {hip}")
    before_last = plan_names(page)[-2]
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"Taken out. {before_last} is now at position 2.")
    assert_focus_on(page, f"Remove {before_last}")
    assert hip not in plan_names(page)
