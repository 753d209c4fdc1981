"""Copying and emailing private links in a real browser, on a tablet and a phone: the
"Copy link" button puts the address on the clipboard and says so; without JavaScript
there is no button, only the read-only address to select; emailing is a button of its own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, IntakeLink, SheetLink
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import issued_for, screened_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def link(practice, therapist):
    person = Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1980, 5, 1),
        email="maria@example.org",
    )
    return IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timedelta(days=7)
    )


def signed_in(browser, live_server, therapist, viewport: str, *, javascript: bool = True):
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    if javascript:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(context, live_server, therapist)
    return context, context.new_page()


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_the_intake_link_is_copied_and_emailed_on_request(
    browser, live_server, therapist, link, viewport, shoot, assert_accessible
):
    mail.outbox.clear()
    context, page = signed_in(browser, live_server, therapist, viewport)
    page.goto(live_server.url + reverse("clients:link_detail", args=[link.client_id, link.pk]))
    address = page.get_by_label("Link to send to Maria")
    expect(address).to_have_attribute("readonly", "")
    url = live_server.url + reverse("clients:self_intake", args=[link.token])
    expect(address).to_have_value(url)

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert mail.outbox == []  # neither making nor copying the link emails it
    shoot(page, f"intake-link-copied-{viewport}")
    assert_accessible(page)

    # Another address, mistyped: refused beside the field and kept.
    page.get_by_label("Or email it to another address").fill("daughter@example")
    page.get_by_role("button", name="Email it to this address").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("Or email it to another address")).to_have_value("daughter@example")
    assert mail.outbox == []
    shoot(page, f"intake-link-email-error-{viewport}")
    assert_accessible(page)

    page.get_by_role("button", name="Email it to maria@example.org").click()
    expect(page.get_by_text("Link emailed to maria@example.org.")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]
    context.close()


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_a_sheet_link_is_made_without_email_and_copied(
    browser, live_server, therapist, practice, viewport, shoot, assert_accessible
):
    mail.outbox.clear()
    sheet = issued_for(screened_client(practice), therapist)
    context, page = signed_in(browser, live_server, therapist, viewport)
    page.goto(f"{live_server.url}/clients/{sheet.client_id}/sheets/{sheet.pk}/")
    choice = page.get_by_label(f"Email it to {sheet.client.email}")
    expect(choice).not_to_be_checked()
    expect(page.get_by_label("Or email it to another address (optional)")).to_have_value("")
    page.get_by_role("button", name="Make a private link").click()
    page.get_by_text("Private link made. It works until").wait_for()
    assert mail.outbox == []
    link = SheetLink.objects.get(sheet=sheet)
    url = f"{live_server.url}/s/{link.token}/"
    expect(page.locator(f"#link-url-{link.pk}")).to_have_value(url)

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    shoot(page, f"sheet-link-copied-{viewport}")
    assert_accessible(page)

    # A second link, this time emailed to the client by ticking the choice.
    page.get_by_label(f"Email it to {sheet.client.email}").check()
    page.get_by_role("button", name="Make a private link").click()
    page.get_by_text(f"Private link made and emailed to {sheet.client.email}").wait_for()
    assert [message.to for message in mail.outbox] == [[sheet.client.email]]
    context.close()


def test_without_javascript_there_is_no_copy_button_only_the_address(
    browser, live_server, therapist, link, shoot
):
    context, page = signed_in(browser, live_server, therapist, "phone", javascript=False)
    page.goto(live_server.url + reverse("clients:link_detail", args=[link.client_id, link.pk]))
    expect(page.get_by_label("Link to send to Maria")).to_be_visible()
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
    expect(page.get_by_role("button", name="Email it to maria@example.org")).to_be_visible()
    shoot(page, "intake-link-no-js-phone")
    context.close()


def test_the_share_page_refuses_two_addresses_beside_the_field(
    browser, live_server, therapist, practice, shoot, assert_accessible
):
    mail.outbox.clear()
    sheet = issued_for(screened_client(practice), therapist)
    context, page = signed_in(browser, live_server, therapist, "phone")
    page.goto(f"{live_server.url}/clients/{sheet.client_id}/sheets/{sheet.pk}/links/new/")
    page.get_by_label(f"Email it to {sheet.client.email}").check()
    page.get_by_label("Or email it to another address (optional)").fill("partner@example.net")
    page.get_by_role("button", name="Make a private link").click()
    expect(page.get_by_text("The link goes to one address")).to_be_visible()
    expect(page.get_by_label(f"Email it to {sheet.client.email}")).to_be_checked()
    field = page.get_by_label("Or email it to another address (optional)")
    expect(field).to_have_value("partner@example.net")
    assert not SheetLink.objects.exists() and mail.outbox == []
    shoot(page, "sheet-share-error-phone")
    assert_accessible(page)
    context.close()
