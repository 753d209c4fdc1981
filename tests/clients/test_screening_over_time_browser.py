"""The client's screening over time, in a real browser: a red flag reported at a check-in
turns the client page to "do not treat", and a client's private link on a phone shows a
now-blocked item as paused, with the emergency notice first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import SheetLink
from clients.services import sessions
from tests.browser import VIEWPORTS, sign_in
from tests.clients.sheet_helpers import PSOAS_SIGNS, issued_for, screened_client
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_a_red_flag_at_a_check_in_turns_the_client_page_to_do_not_treat(
    browser, live_server, therapist, practice, shoot, assert_accessible
):
    ana = screened_client(practice, symptoms=PSOAS_SIGNS)
    session = SessionFactory(
        client=ana, therapist=therapist, start=timezone.now() + timedelta(minutes=5)
    )
    context, page = new_page(browser, "tablet")
    sign_in(context, live_server, therapist)
    page.goto(f"{live_server.url}/clients/{ana.pk}/")
    assert page.locator(".decision-label").inner_text() == "Treat"

    page.goto(f"{live_server.url}/clients/{ana.pk}/sessions/{session.pk}/check-in/")
    page.get_by_label("Yes, something has changed").check()
    page.get_by_label("RF01", exact=False).first.check()
    page.get_by_role("button", name="Save the check-in and see the plan").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/clients/{ana.pk}/")
    assert page.locator(".decision-label").inner_text() == "Do not treat"
    assert (
        "Check-in of" in page.get_by_role("region", name="Counted in this screening").inner_text()
    )
    assert_accessible(page)
    shoot(page, "client-page-after-check-in-red-flag-tablet")
    context.close()


def test_a_paused_item_and_the_emergency_notice_on_the_clients_phone(
    browser, live_server, therapist, practice, shoot, assert_accessible
):
    ana = screened_client(practice, symptoms=PSOAS_SIGNS)
    sheet = issued_for(ana, therapist)
    link = SheetLink.objects.create(
        sheet=sheet, created_by=therapist, expires=timezone.now() + timedelta(days=30)
    )
    first = sheet.snapshot["items"][0]
    session = SessionFactory(client=ana, therapist=therapist)
    # Saddle numbness (emergency) reported at the next check-in.
    sessions.check_in_record(
        session=session,
        data={
            "anything_changed": True,
            "new_red_flags": ["RF01"],
            "new_contraindications": [],
            "note": "Numb between the legs since yesterday",
        },
        by=therapist,
    )

    context, page = new_page(browser, "phone")
    page.goto(f"{live_server.url}/s/{link.token}/")
    notice = page.locator(".notice").first
    assert "Please get emergency help now" in notice.inner_text()
    # The notice comes before any exercise.
    notice_top = notice.bounding_box()["y"]
    items_top = page.locator(".items").bounding_box()["y"]
    assert notice_top < items_top
    paused = page.locator(".item-paused").first
    assert first["name"] in paused.inner_text()
    assert "paused this one" in paused.inner_text()
    assert first["steps"][0] not in page.content()
    assert_accessible(page)
    shoot(page, "private-link-paused-emergency-phone")
    context.close()
