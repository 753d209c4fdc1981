import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_therapist_filters_the_library_and_opens_an_entry(
    signed_in_page, live_server, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    page.goto(live_server.url + "/library/")
    assert_accessible(page)
    shoot(page, f"library-list-{width}")
    page.get_by_label("Pattern").select_option("deep_gluteal")
    page.get_by_label("Region").select_option("GLUT")
    page.get_by_label("Kind").select_option("technique")
    page.get_by_role("button", name="Show entries").click()
    # The three gluteal techniques and the Swedish warm-up, which works LUMB and GLUT.
    page.get_by_text("4 entries match.").wait_for()
    shoot(page, f"library-filtered-{width}")
    page.get_by_role("link", name="Passive Piriformis Stretch").click()
    page.get_by_role("heading", name="When it can't be used").wait_for()
    expect(page.get_by_role("img", name="Body diagram").first).to_be_visible()
    shoot(page, f"library-detail-{width}")
    assert_accessible(page)
