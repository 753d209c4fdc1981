"""The plan builder and the sheet builder driven with the keyboard alone: Tab and Shift+Tab
to reach a control, Enter or Space to use it, arrow keys inside a radio group, and a
visible focus indicator on every control reached. (The pain map's keyboard test lives in
tests/clients/test_intake_browser.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import CheckIn, PlanItem, SheetItem
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import draft_for, screened_client
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUS_VISIBLE = """el => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
}"""


@pytest.fixture
def keyboard_page(browser, live_server, therapist):
    # Reduced motion: Bootstrap then drops its transitions, so the focus ring is there at once.
    context = browser.new_context(viewport=VIEWPORTS["tablet"], reduced_motion="reduce")
    context.set_default_timeout(10_000)
    sign_in(context, live_server, therapist)
    yield context.new_page()
    context.close()


def is_focused(locator) -> bool:
    return locator.count() == 1 and locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, backwards: bool = False, limit: int = 300) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus; check the focus is visible."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if is_focused(locator):
            break
        page.keyboard.press(key)
    else:
        pytest.fail(f"{key} never reached {locator}")
    assert locator.evaluate(FOCUS_VISIBLE), f"no visible focus indicator on {locator}"


def test_the_plan_builder_works_with_the_keyboard_alone(
    keyboard_page, live_server, practice, therapist
):
    page = keyboard_page
    client = screened_client(practice, first_name="Maria", last_name="Lopez")
    session = SessionFactory(
        client=client, therapist=therapist, start=timezone.now() + timedelta(hours=2)
    )
    CheckIn.objects.create(session=session, anything_changed=False)
    page.goto(f"{live_server.url}/clients/{client.pk}/sessions/{session.pk}/plan/")

    # Choose the psoas focus: Tab into the radio group, arrows to move within it.
    tab_to(page, page.locator('input[name="focus"]:focus'))
    psoas = page.get_by_label("Psoas", exact=True)
    for _ in range(20):
        if psoas.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert psoas.is_checked()

    # Tab on to "Suggest a plan" and press Enter.
    tab_to(page, page.get_by_role("button", name="Suggest a plan"))
    page.keyboard.press("Enter")
    page.get_by_text("Suggested a plan of").wait_for()
    order = list(PlanItem.objects.filter(session=session).values_list("entry__name", flat=True))
    assert len(order) >= 2

    # Move the first item down with its button, reached by Tab, pressed with Space.
    tab_to(page, page.get_by_role("button", name=f"Move {order[0]} down"))
    page.keyboard.press("Space")
    page.get_by_text("Plan saved.").wait_for()
    moved = list(PlanItem.objects.filter(session=session).values_list("entry__name", flat=True))
    assert moved[:2] == [order[1], order[0]]

    # Back up the page with Shift+Tab to the suggest button again.
    page.get_by_role("button", name=f"Move {order[0]} up").focus()
    tab_to(page, page.get_by_role("button", name="Suggest a plan"), backwards=True)


def test_the_sheet_builder_works_with_the_keyboard_alone(
    keyboard_page, live_server, practice, therapist
):
    page = keyboard_page
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    before = SheetItem.objects.filter(sheet=sheet).count()
    page.goto(f"{live_server.url}/clients/{client.pk}/sheets/{sheet.pk}/")
    page.get_by_role("heading", name="Self-care sheet").wait_for()

    # Add an item from the library: Tab to its button, Enter.
    tab_to(page, page.get_by_role("button", name="Add Towel Hamstring Stretch"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Towel Hamstring Stretch").wait_for()
    assert SheetItem.objects.filter(sheet=sheet).count() == before + 1

    # Remove it again: Tab to its Remove button, Space.
    tab_to(page, page.get_by_role("button", name="Remove Towel Hamstring Stretch"))
    page.keyboard.press("Space")
    page.get_by_role("heading", name="Towel Hamstring Stretch").wait_for(state="detached")
    assert SheetItem.objects.filter(sheet=sheet).count() == before
    assert not SheetItem.objects.filter(sheet=sheet, entry__name="Towel Hamstring Stretch")

    # Shift+Tab walks back from the issue button to the note field.
    page.get_by_role("button", name="Save and issue").focus()
    tab_to(page, page.get_by_label("Your note to the client"), backwards=True)
