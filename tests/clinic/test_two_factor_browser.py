"""Two-factor login in a real browser: setting it up from the user menu, the backup codes,
signing out and in again with a code; and the owner's reset on the Staff page."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from clinic import two_factor
from tests.browser import VIEWPORTS, sign_in
from tests.clinic.test_two_factor import app_code, turn_on
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_menu(page) -> None:
    """On a narrow screen the user menu sits behind the menu button."""
    toggler = page.get_by_role("button", name="Show menu")
    if toggler.is_visible():
        toggler.click()


def sign_in_with_password(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_set_up_sign_out_and_sign_in_with_a_code(
    browser, live_server, therapist, width, shoot, assert_accessible
):
    context = browser.new_context(viewport=VIEWPORTS[width])
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_with_password(page, live_server, "theo")
        page.get_by_role("heading", name="Hello, ").wait_for()
        open_menu(page)
        page.get_by_role("link", name="account security").click()
        page.get_by_role("heading", name="Account security").wait_for()
        assert_accessible(page)
        shoot(page, f"two-factor-account-security-off-{width}")

        page.get_by_role("link", name="Turn on two-factor login").click()
        page.get_by_role("heading", name="Turn on two-factor login").wait_for()
        expect(page.get_by_role("img", name="QR code to scan")).to_be_visible()
        assert_accessible(page)
        shoot(page, f"two-factor-setup-{width}")

        # A mistyped code is reported next to the field, which gets the focus.
        page.get_by_label("Code from the app").fill("12345")
        page.get_by_role("button", name="Turn on two-factor login").click()
        page.get_by_text("Enter the 6 digits the app shows").wait_for()
        assert page.evaluate("document.activeElement.name") == "code"
        assert_accessible(page)
        shoot(page, f"two-factor-setup-error-{width}")

        # The key shown for typing is the one the app needs.
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        code = f"{totp(b32decode(secret)):06d}"
        page.get_by_label("Code from the app").fill(code)
        page.get_by_role("button", name="Turn on two-factor login").click()
        page.get_by_role("heading", name="Your backup codes").wait_for()
        codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
        assert codes.count() == 10
        assert_accessible(page)
        shoot(page, f"two-factor-backup-codes-{width}")
        page.get_by_role("link", name="I've kept them safe").click()
        page.get_by_text("unused backup codes").wait_for()
        shoot(page, f"two-factor-account-security-on-{width}")

        open_menu(page)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in to Clinic").wait_for()

        sign_in_with_password(page, live_server, "theo")
        page.get_by_role("heading", name="Enter your code").wait_for()
        assert "/accounts/verify/" in page.url
        assert_accessible(page)
        shoot(page, f"two-factor-verify-{width}")
        page.get_by_label("Code").fill("12ab")
        page.get_by_role("button", name="Continue").click()
        page.get_by_text("Enter the 6 digits from your app").wait_for()
        assert_accessible(page)
        shoot(page, f"two-factor-verify-error-{width}")
        page.get_by_label("Code").fill(app_code(TOTPDevice.objects.get(user=therapist)))
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="Hello, ").wait_for()
    finally:
        context.close()


def test_owner_resets_a_therapists_two_factor(
    browser_page, live_server, owner, therapist, shoot, assert_accessible
):
    turn_on(therapist)
    page = browser_page
    sign_in(page.context, live_server, owner)
    page.goto(live_server.url + "/practice/")
    page.get_by_label("Require two-factor login for everyone in the practice").wait_for()
    assert_accessible(page)
    shoot(page, "two-factor-practice-settings")

    page.goto(live_server.url + "/practice/staff/")
    assert_accessible(page)
    shoot(page, "two-factor-staff-list")
    page.get_by_role("link", name=f"Reset two-factor login for {therapist.display_name}").click()
    page.get_by_role("heading", name="Reset two-factor login for").wait_for()
    assert_accessible(page)
    shoot(page, "two-factor-staff-reset")
    page.get_by_role("button", name="Reset two-factor login").click()
    page.get_by_text("Two-factor login was reset").wait_for()
    assert not two_factor.is_on(therapist)
