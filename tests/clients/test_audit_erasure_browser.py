"""The audit trail and the erasure confirmation in a real browser, as the practice owner:
accessible at every width, usable by keyboard, and the erasure really needs the name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clients.models import AuditEvent, Client
from tests.browser import VIEWPORTS, sign_in
from tests.factories import ClientFactory, IntakeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=list(VIEWPORTS))
def owner_page(request, browser, live_server, owner):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    context.set_default_timeout(10_000)
    sign_in(context, live_server, owner)
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def maria(practice, owner):
    client = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    IntakeFactory(client=client)
    for action in ("viewed", "printed", "downloaded"):
        AuditEvent.objects.create(
            practice=practice,
            user=owner,
            client=client,
            client_ref=f"client {client.pk}",
            action=action,
            target=f"client {client.pk}",
        )
    return client


def test_audit_trail_filters_by_client_and_shows_a_bad_date(
    owner_page, live_server, maria, shoot, assert_accessible
):
    page = owner_page
    page.goto(f"{live_server.url}/clients/{maria.pk}/")
    if page.viewport_name == "desktop":
        page.get_by_role("button", name="Record").click()
        page.locator(".dropdown-menu").get_by_role("link", name="Audit trail").click()
    else:
        page.goto(f"{live_server.url}/audit/?client={maria.pk}")
    page.get_by_role("heading", name="Audit trail").wait_for()
    summary = page.locator("p[role=status]").inner_text()
    assert "4 events for Maria Lopez" in summary  # the three above and the client page visit
    assert_accessible(page)
    shoot(page, f"audit-trail-{page.viewport_name}")

    page.get_by_label("Action").select_option("printed")
    page.get_by_label("From").fill("2026-03-10")
    page.get_by_label("To").fill("2026-03-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"audit-trail-bad-dates-{page.viewport_name}")


def test_erasure_needs_the_typed_name_then_leaves_the_audit_rows(
    owner_page, live_server, maria, shoot, assert_accessible
):
    page = owner_page
    number = maria.pk
    page.goto(f"{live_server.url}/clients/{number}/erase/")
    page.get_by_role("heading", name="Erase the record of Maria Lopez?").wait_for()
    assert_accessible(page)
    shoot(page, f"client-erase-{page.viewport_name}")

    field = page.get_by_label("The client's full name")
    field.fill("Maria")
    field.press("Enter")  # by keyboard: Enter submits the form
    page.get_by_text("isn't the client's full name").wait_for()
    assert page.get_by_label("The client's full name").input_value() == "Maria"
    assert_accessible(page)
    shoot(page, f"client-erase-wrong-name-{page.viewport_name}")
    assert Client.objects.filter(pk=number).exists()

    page.get_by_label("The client's full name").fill("  maria lopez ")
    page.get_by_role("button", name="Erase this record").click()
    page.get_by_text(f"The record of client {number} was erased").wait_for()
    assert not Client.objects.filter(pk=number).exists()
    # Viewed (the erase page shows the record too), printed, viewed, erased, and the rest.
    assert AuditEvent.objects.filter(client_ref=f"client {number}").count() == 5
    assert AuditEvent.objects.filter(
        client_ref=f"client {number}", target="page erase", action="viewed"
    ).exists()


def test_export_page_is_accessible(owner_page, live_server, maria, shoot, assert_accessible):
    page = owner_page
    page.goto(f"{live_server.url}/clients/{maria.pk}/export/")
    page.get_by_role("heading", name="Export the record of Maria Lopez").wait_for()
    assert_accessible(page)
    shoot(page, f"client-export-{page.viewport_name}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (.zip)").click()
    assert download.value.suggested_filename.startswith(f"client-{maria.pk}-record-")
