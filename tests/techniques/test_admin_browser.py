"""The library admin in a real browser: the entry page fits a tablet held upright."""

from __future__ import annotations

import pytest

from techniques.models import Entry
from tests.browser import VIEWPORTS, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The narrowest tablet held upright, and the harness's phone.
WIDTHS = {"tablet-768": {"width": 768, "height": 1024}, "phone": VIEWPORTS["phone"]}


@pytest.fixture
def added_entry(db):
    """An entry an admin added and no plan uses yet, so its modality is still a select
    (the shipped entries show it read-only)."""
    entry = Entry.objects.get(slug="heat-pack")
    entry.pk, entry.slug, entry.name = None, "warm-towel", "Warm towel"
    entry.save()
    assert not entry.is_shipped
    return entry


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_modality_select_fits_the_screen(
    browser, live_server, site_admin, added_entry, shoot, width
):
    viewport = WIDTHS[width]
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    try:
        sign_in(context, live_server, site_admin)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/techniques/entry/{added_entry.pk}/change/")
        select = page.locator("select#id_modality")
        assert select.is_visible()
        box = select.bounding_box()
        assert box["x"] + box["width"] <= viewport["width"], box
        # The long words are still there, in the options and the field's help.
        assert "trigger point" in select.inner_text()
        shoot(page, f"admin-entry-change-{width}")
    finally:
        context.close()
