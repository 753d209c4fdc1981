"""The owner's Staff page in a real browser: at phone width the staff table scrolls
sideways in a region a keyboard can reach (axe: scrollable-region-focusable)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import VIEWPORTS, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_owner_alone_reaches_the_staff_table_by_keyboard_at_phone_width(
    browser, live_server, owner, shoot, assert_accessible
):
    """Alone in the practice the owner's row has no buttons, so nothing inside the table
    takes focus: the scrolling region itself must."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    context.set_default_timeout(10_000)
    try:
        sign_in(context, live_server, owner)
        page = context.new_page()
        page.goto(live_server.url + reverse("staff_list"))
        assert_accessible(page)
        region = page.get_by_role("region", name="Staff table")
        overflow = region.evaluate("el => el.scrollWidth - el.clientWidth")
        assert overflow > 0, "the table no longer scrolls at phone width: drop this test"
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('[aria-label=\\'Staff table\\']').scrollLeft > 0"
        )
        shoot(page, "staff-list-phone")
    finally:
        context.close()
