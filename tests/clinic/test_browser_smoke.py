import pytest

from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_therapist_signs_in_sees_the_dashboard_and_signs_out(
    browser_page, live_server, therapist, shoot
):
    page = browser_page
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("theo")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, ").wait_for()
    shoot(page, "dashboard-desktop")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to Clinic").wait_for()


@pytest.mark.parametrize("width", ["phone", "tablet", "desktop"])
def test_login_page_passes_axe_at_every_width(
    browser, live_server, width, shoot, assert_accessible
):
    from tests.browser import VIEWPORTS

    context = browser.new_context(viewport=VIEWPORTS[width])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    shoot(page, f"login-{width}")
    assert_accessible(page)
    context.close()


def test_dashboard_passes_axe_at_every_width(signed_in_page, live_server, shoot, assert_accessible):
    signed_in_page.goto(live_server.url + "/")
    signed_in_page.get_by_role("heading", name="Hello, ").wait_for()
    shoot(signed_in_page, f"dashboard-{signed_in_page.viewport_name}")
    assert_accessible(signed_in_page)
