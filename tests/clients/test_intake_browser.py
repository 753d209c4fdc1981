"""The intake pages in a real browser: the pain map by mouse, touch and keyboard, signing,
the client's self-intake on a phone, and axe on every new page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, Intake, IntakeLink
from techniques.diagrams import AREA_LABELS
from tests.browser import VIEWPORTS, sign_in

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


def step_link(page, title: str):
    """A step of the client's self-intake, by its link at the top."""
    return page.get_by_role("navigation", name="Steps of the form").get_by_role("link", name=title)


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

    page.get_by_label("Pain now (0–10)").fill("7")
    # One section at a time: the calves marked above open the sciatica questions.
    page.get_by_role("button", name="Next: Leg symptoms and sciatica").click()
    page.get_by_label("Radiating pain below the knee (SC01)").check()
    page.get_by_role("link", name="Goals and consent").click()
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
    page.get_by_role("button", name="Next: Your legs").click()
    page.get_by_role("button", name="Next: Warning signs").click()
    page.get_by_label("Numbness or tingling around your bottom, between your legs").check()
    step_link(page, "Your goals and agreement").click()
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
    expect(page.get_by_label("Left calf")).to_be_visible()  # the list stays open without script
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
    step_link(page, "Your goals and agreement").click()
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


# --- Tap targets on a phone (issue 15, WCAG 2.5.8) ------------------------------------

HIT_AREAS = """chart => [...chart.querySelectorAll('.pain-area')].map(area => {
  const box = area.querySelector('.pain-hit').getBoundingClientRect();
  return {code: area.dataset.region, x: box.x, y: box.y, width: box.width, height: box.height};
})"""
OWNERS = """points => points.map(([x, y]) => {
  const hit = document.elementFromPoint(x, y);
  const area = hit && hit.closest('.pain-area');
  return area ? area.dataset.region : null;
})"""
TICKED = """() => [...document.querySelectorAll('input[name="pain_regions"]:checked')]
  .map(box => box.value).sort()"""


@pytest.fixture(params=["therapist", "client"])
def pain_map_on_phone(request, browser, live_server, therapist, person, link):
    """The therapist's intake form or the client's self-intake at 390 px, chart in view."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    if request.param == "therapist":
        sign_in(context, live_server, therapist)
        url = reverse("clients:intake_create", args=[person.pk])
    else:
        url = reverse("clients:self_intake", args=[link.token])
    page = context.new_page()
    page.goto(live_server.url + url)
    page.locator(".pain-map-ready").wait_for()
    # instant: Bootstrap scrolls smoothly, and the chart is measured straight after
    page.locator("svg.pain-map").evaluate(
        "chart => chart.scrollIntoView({block: 'center', behavior: 'instant'})"
    )
    page.form_name = request.param
    yield page
    context.close()


def hit_areas(page) -> dict[str, dict]:
    return {box["code"]: box for box in page.locator("svg.pain-map").evaluate(HIT_AREAS)}


def test_every_pain_map_target_is_finger_sized_and_answers_for_itself_on_a_phone(
    pain_map_on_phone, shoot, assert_accessible
):
    page = pain_map_on_phone
    assert page.locator("svg.pain-map").bounding_box()["width"] <= VIEWPORTS["phone"]["width"]
    chart_shot = shoot(page, f"pain-map-{page.form_name}-phone").with_suffix("")
    page.locator("svg.pain-map").screenshot(path=f"{chart_shot}-chart.png")  # as drawn
    boxes = hit_areas(page)
    assert set(boxes) == set(AREA_LABELS)
    for code, box in boxes.items():
        assert box["width"] >= 24 and box["height"] >= 24, (code, box)
        # Every point of the rectangle, not just its middle, is a tap on this area.
        inset = 0.5
        grid = [
            (box["x"] + inset + (box["width"] - 2 * inset) * i / 6,
             box["y"] + inset + (box["height"] - 2 * inset) * j / 6)
            for i in range(7)
            for j in range(7)
        ]  # fmt: skip
        owners = page.evaluate(OWNERS, grid)
        assert set(owners) == {code}, (code, sorted({o or "-" for o in owners}))

    ticked: set[str] = set()
    for code in AREA_LABELS:
        box = hit_areas(page)[code]  # measured again: a tap must not move the chart
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.touchscreen.tap(*centre)
        ticked ^= {code}
        assert set(page.evaluate(TICKED)) == ticked, code
        assert page.locator(f"#pm-{code}").get_attribute("aria-checked") == "true"
    assert len(ticked) == 19
    page.mouse.click(*centre)  # and a mouse click on the last one clears it alone
    assert set(page.evaluate(TICKED)) == ticked - {code}

    # Still one named control per area: the rectangles add no controls of their own.
    for code, label in AREA_LABELS.items():
        assert page.get_by_role("checkbox", name=label, exact=True).count() == 1, code
    assert page.locator("svg.pain-map [tabindex]").count() == 19
    assert page.locator("svg.pain-map .pain-hit[tabindex], .pain-shape[tabindex]").count() == 0
    page.locator("svg.pain-map").screenshot(path=f"{chart_shot}-chart-marked.png")
    assert_accessible(page)
