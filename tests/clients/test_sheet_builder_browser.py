"""The sheet builder in a real browser: eleven items fit a tablet screen or two, one line
each with its dose in words, and an item's dose opens for editing in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clients.models import SheetItem
from clients.services import sheets as sheet_service
from techniques.models import Entry
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import SCIATICA_SIGNS, draft_for, screened_client
from tests.factories import IntakeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ITEMS = 11
TABLET_MOST = 1600  # px: the builder with 11 items was about 4,400 px with every field shown


@pytest.fixture
def sheet(practice, therapist):
    """A draft with eleven items, as a therapist would fill one for a busy week."""
    client = screened_client(practice, first_name="Ana", last_name="Silvermoon")
    sheet = draft_for(client, therapist)
    builder = sheet_service.load_builder(sheet)
    for option in [*builder.suggested, *builder.available]:
        if len(builder.items) >= ITEMS:
            break
        sheet_service.add_item(builder, option.entry)
    assert sheet.items.count() == ITEMS
    return sheet


def open_builder(browser, live_server, therapist, sheet, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    sign_in(context, live_server, therapist)
    page = context.new_page()
    page.goto(f"{live_server.url}/clients/{sheet.client_id}/sheets/{sheet.pk}/")
    page.get_by_role("heading", name=f"On the sheet ({ITEMS})").wait_for()
    return context, page


def edit_toggle(page, name: str):
    return page.locator("summary", has_text=f"the dose of {name}")


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_eleven_items_show_one_line_each_with_the_dose_in_words(
    browser, live_server, therapist, sheet, viewport, shoot, assert_accessible
):
    context, page = open_builder(browser, live_server, therapist, sheet, viewport)
    items = list(sheet.items.select_related("entry"))
    lines = page.locator(".builder-item")
    expect(lines).to_have_count(ITEMS)
    first = items[0]
    expect(lines.first).to_contain_text(first.entry.name)
    expect(lines.first).to_contain_text(sheet_service_dose(first))
    # No dose field is shown until the therapist asks for it.
    expect(page.locator("#id_item-0-hold_min")).to_be_hidden()
    expect(page.locator("#id_item-0-frequency")).to_be_hidden()
    height = page.locator("#items-heading").evaluate(
        "h => h.closest('section').getBoundingClientRect().height"
    )
    page_height = page.evaluate("document.documentElement.scrollHeight")
    if viewport == "tablet":
        # Each line stays a single row at tablet width: about one button high.
        line_heights = lines.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().height)")
        assert max(line_heights) < 70, line_heights
        assert page_height < TABLET_MOST, f"builder page is {page_height}px tall"
    else:
        assert height < 1600, f"the items take {height}px on a phone"
    shoot(page, f"sheet-builder-lines-{viewport}")
    assert_accessible(page)
    context.close()


def sheet_service_dose(item: SheetItem) -> str:
    from clients.documents import dose_text

    return dose_text(item.entry.modality, item)


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_a_dose_opens_in_place_and_a_mistake_keeps_it_open_with_what_was_typed(
    browser, live_server, therapist, sheet, viewport, shoot, assert_accessible
):
    context, page = open_builder(browser, live_server, therapist, sheet, viewport)
    second = list(sheet.items.select_related("entry"))[1]
    name = second.entry.name

    edit_toggle(page, name).click()
    times = page.locator("#id_item-1-repetitions")
    expect(times).to_be_visible()
    expect(page.locator("#id_item-0-repetitions")).to_be_hidden()
    times.fill("99")
    page.locator("#id_item-1-frequency").fill("every evening")
    page.get_by_role("button", name="Save", exact=True).click()

    # Back with the error beside the field, the item open, what was typed kept.
    message = page.get_by_text("Between 1 and 50 times.")
    expect(message).to_be_visible()
    expect(page.locator("#id_item-1-repetitions")).to_have_value("99")
    expect(page.locator("#id_item-1-frequency")).to_have_value("every evening")
    expect(page.locator("#id_item-1-repetitions")).to_be_focused()
    expect(page.locator(".builder-item details[open]")).to_have_count(1)  # only the one in error
    expect(page.locator(f"#item-{second.pk}")).to_contain_text("Needs a correction")
    shoot(page, f"sheet-builder-error-{viewport}")
    assert_accessible(page)

    page.locator("#id_item-1-repetitions").fill("3")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Sheet saved.").wait_for()
    second.refresh_from_db()
    assert second.repetitions == 3 and second.frequency == "every evening"
    line = page.locator(f"#item-{second.pk}")
    expect(line).to_contain_text(sheet_service_dose(second))
    expect(page.locator("#id_item-1-repetitions")).to_be_hidden()
    context.close()


def test_the_edit_toggle_works_from_the_keyboard(browser, live_server, therapist, sheet):
    context, page = open_builder(browser, live_server, therapist, sheet, "tablet")
    first = list(sheet.items.select_related("entry"))[0]
    toggle = edit_toggle(page, first.entry.name)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_item-0-hold_min")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_item-0-hold_min")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_blocked_and_overridden_items_stay_marked_on_their_line(
    browser, live_server, therapist, practice, viewport, shoot, assert_accessible
):
    client = screened_client(practice, symptoms=SCIATICA_SIGNS, contraindications=["CI20"])
    sheet = draft_for(client, therapist)
    builder = sheet_service.load_builder(sheet)
    overridden = sheet_service.add_item(
        builder,
        Entry.objects.get(slug="glute-foam-roll"),
        override_reason="Cleared by Dr Shah for gentle rolling on 3 March.",
    )
    IntakeFactory(client=client, symptoms=SCIATICA_SIGNS, contraindications=["CI20", "CI14"])
    blocked = next(
        item for item in sheet_service.load_builder(sheet).problems if item.pk != overridden.pk
    )

    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    sign_in(context, live_server, therapist)
    page = context.new_page()
    page.goto(f"{live_server.url}/clients/{client.pk}/sheets/{sheet.pk}/")
    blocked_line = page.locator(f"#item-{blocked.pk}")
    expect(blocked_line.get_by_text("Blocked by screening")).to_be_visible()
    expect(blocked_line.get_by_text("Screening doesn't allow this item now")).to_be_visible()
    overridden_line = page.locator(f"#item-{overridden.pk}")
    expect(overridden_line.get_by_text("Cleared by Dr Shah for gentle rolling")).to_be_visible()
    shoot(page, f"sheet-builder-marks-{viewport}")
    assert_accessible(page)
    context.close()
