"""The drawings in a real browser: every entry's drawing at phone width, the sheets at
phone width and at print size, and no serious accessibility problems on the library and a
sheet page at phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from techniques.poses import ILLUSTRATIONS
from tests.browser import SCREENSHOT_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRINT_A4 = {"width": 794, "height": 1123}  # A4 at 96 px an inch


def shoot_element(locator, name: str) -> None:
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    locator.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))


@pytest.mark.parametrize("signed_in_page", ["phone"], indirect=True)
def test_every_entrys_drawing_shows_at_phone_width(
    signed_in_page, live_server, shoot, assert_accessible
):
    page = signed_in_page
    page.goto(live_server.url + "/library/")
    expect(page.locator("svg.illustration").first).to_be_visible()
    assert_accessible(page)
    shoot(page, "illustrations-library-phone")
    for slug, illustration in ILLUSTRATIONS.items():
        page.goto(f"{live_server.url}/library/{slug}/")
        drawing = page.get_by_role("img", name=illustration.alt, exact=True)
        expect(drawing).to_be_visible()
        box = drawing.bounding_box()
        assert box["width"] >= 300  # the phone's width, less the card's padding
        shoot_element(drawing, f"illustration-{slug}-phone")
    assert_accessible(page)


def test_the_public_sheets_show_their_drawings_on_a_phone_and_in_print(
    browser, live_server, assert_accessible
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for pattern in ("psoas", "sciatica"):
        page.goto(f"{live_server.url}/sheets/{pattern}/")
        expect(page.get_by_role("heading", name="Not for you without advice if…")).to_be_visible()
        drawings = page.locator(".items svg.illustration")
        expect(drawings.first).to_be_visible()
        assert drawings.count() == page.locator(".items article.item").count()
        # A drawing spans the phone's width above its steps.
        assert drawings.first.bounding_box()["width"] >= 300
        assert_accessible(page)
        page.screenshot(path=str(SCREENSHOT_DIR / f"sheet-{pattern}-phone.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport=PRINT_A4)
    page = context.new_page()
    page.emulate_media(media="print")
    for pattern in ("psoas", "sciatica"):
        page.goto(f"{live_server.url}/sheets/{pattern}/")
        drawings = page.locator(".items svg.illustration")
        expect(drawings.first).to_be_visible()
        for index in range(drawings.count()):
            shoot_element(drawings.nth(index), f"sheet-{pattern}-print-{index + 1}")
        page.screenshot(path=str(SCREENSHOT_DIR / f"sheet-{pattern}-print.png"), full_page=True)
    context.close()
