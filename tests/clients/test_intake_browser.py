"""The intake pages in a real browser: the pain map by mouse, touch and keyboard, signing,
the client's self-intake on a phone, and axe on every new page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Intake, IntakeLink
from tests.browser import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def person(practice, therapist):
    return Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1980, 5, 1),
        created_by=therapist,
    )


@pytest.fixture
def link(person, therapist):
    return IntakeLink.objects.create(
        client=person, created_by=therapist, expires=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def area(page, code: str):
    return page.locator(f"#pm-{code}")


@pytest.mark.parametrize("signed_in_page", ["tablet"], indirect=True)
def test_therapist_marks_the_pain_map_signs_and_sees_the_triage_banner(
    signed_in_page, live_server, person, shoot, assert_accessible
):
    page = signed_in_page
    page.goto(live_server.url + reverse("clients:intake_create", args=[person.pk]))
    page.get_by_role("heading", name="New intake").wait_for()
    assert not page.locator("details.pain-map-list").evaluate("d => d.open")
    assert_accessible(page)

    area(page, "low_back").click()
    area(page, "calf_left").click()
    page.keyboard.press("Tab")  # from the left calf on to the right calf
    assert page.evaluate("document.activeElement.id") == "pm-calf_right"
    page.keyboard.press("Space")
    assert area(page, "calf_right").get_attribute("aria-checked") == "true"
    area(page, "low_back").click()
    area(page, "low_back").click()  # off and on again
    for code in ("low_back", "calf_left", "calf_right"):
        assert page.locator(f'input[name="pain_regions"][value="{code}"]').is_checked()
    assert not page.locator('input[name="pain_regions"][value="abdomen"]').is_checked()
    assert "Lower back" in page.locator("[data-pain-summary]").inner_text()

    page.get_by_label("Radiating pain below the knee (SC01)").check()
    page.get_by_label("Pain now (0–10)").fill("7")
    page.get_by_label("Consent: the name the client").fill("Maria Lopez")
    shoot(page, "intake-form-tablet")
    page.get_by_role("button", name="Save and sign").click()

    page.get_by_role("heading", name="Maria Lopez").wait_for()
    banner = page.locator("section.screening")
    assert "Emergency" in banner.inner_text()  # both legs marked with SC01 derive RF04
    intake = Intake.objects.get(client=person)
    assert intake.is_signed
    assert intake.pain_regions == ["calf_left", "calf_right", "low_back"]
    shoot(page, "intake-signed-client-page-tablet")

    page.goto(live_server.url + reverse("clients:intake_detail", args=[person.pk, intake.pk]))
    page.get_by_role("heading", name="Answers").wait_for()
    shoot(page, "intake-detail-tablet")
    assert_accessible(page)


def test_client_reports_saddle_numbness_on_a_phone_and_is_told_to_get_help_first(
    phone_page, live_server, link, shoot, assert_accessible
):
    page = phone_page
    page.goto(live_server.url + reverse("clients:self_intake", args=[link.token]))
    page.get_by_role("heading", name="Before your massage").wait_for()
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert_accessible(page)
    shoot(page, "self-intake-form-phone")

    area(page, "low_back").tap()
    assert page.locator('input[name="pain_regions"][value="low_back"]').is_checked()
    page.get_by_label("Numbness or tingling around your bottom, between your legs").check()
    page.get_by_label("Type your full name to agree").fill("Maria Lopez")
    page.get_by_role("button", name="Send my answers").click()

    advice = page.get_by_role("heading", name="Please get medical help now")
    advice.wait_for()
    thanks = page.get_by_role("heading", name="Your answers have been sent")
    assert advice.bounding_box()["y"] < thanks.bounding_box()["y"]
    assert "Call 999" in page.locator("main").inner_text().split("Your answers have been sent")[0]
    shoot(page, "self-intake-emergency-phone")
    assert_accessible(page)
    intake = Intake.objects.get()
    assert intake.red_flags == ["RF01"] and intake.source == "client"


def test_the_form_works_without_javascript(browser, live_server, link):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("clients:self_intake", args=[link.token]))
    assert page.get_by_label("Left calf").is_visible()  # the list stays open without script
    page.get_by_label("Left calf").check()
    page.get_by_label("Type your full name to agree").fill("Maria Lopez")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert Intake.objects.get().pain_regions == ["calf_left"]
    context.close()


def test_errors_are_shown_beside_the_fields_with_the_list_of_areas_open(
    browser, live_server, link, shoot, assert_accessible
):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + reverse("clients:self_intake", args=[link.token]))
    area(page, "foot_right").click()
    page.get_by_label("How bad is your pain right now?").fill("11")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Please give a number from 0 to 10.").wait_for()
    assert page.get_by_label("How bad is your pain right now?").input_value() == "11"
    assert area(page, "foot_right").get_attribute("aria-checked") == "true"
    shoot(page, "self-intake-errors-phone")
    assert_accessible(page)
    context.close()


def test_link_pages_pass_axe(signed_in_page, live_server, person, link, shoot, assert_accessible):
    page = signed_in_page
    width = page.viewport_name
    page.goto(live_server.url + reverse("clients:link_detail", args=[person.pk, link.pk]))
    page.get_by_label("Link to send to Maria").wait_for()
    shoot(page, f"link-detail-{width}")
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw this link").click()
    page.get_by_role("heading", name="Withdraw this intake link?").wait_for()
    shoot(page, f"link-revoke-{width}")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the link").click()
    page.get_by_text("Link withdrawn").wait_for()


def test_closed_and_unknown_links_pass_axe(phone_page, live_server, link, shoot, assert_accessible):
    page = phone_page
    IntakeLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    response = page.goto(live_server.url + reverse("clients:self_intake", args=[link.token]))
    assert response.status == 410
    shoot(page, "link-gone-phone")
    assert_accessible(page)
    response = page.goto(live_server.url + reverse("clients:self_intake", args=["nonsense"]))
    assert response.status == 404
    shoot(page, "link-invalid-phone")
    assert_accessible(page)
