"""The intake form's sections in a real browser at tablet and phone width: one short
section at a time with its progress, the sciatica questions opened by leg symptoms, the
error summary taking the focus, and the draft saved as the therapist goes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import Client, Intake
from tests.browser import VIEWPORTS, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = [
    "Where it hurts",
    "Leg symptoms and sciatica",
    "Red flags",
    "Contraindications and medicines",
    "Goals and consent",
]
# The visible part of the form at tablet width: one section, never the old 3,500 px.
MAX_SECTION_HEIGHT = 1400


@pytest.fixture
def person(practice, therapist):
    return Client.objects.create(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1980, 5, 1),
        created_by=therapist,
    )


def open_new_intake(page, live_server, person):
    page.goto(live_server.url + reverse("clients:intake_create", args=[person.pk]))
    page.get_by_role("heading", name="New intake").wait_for()


def visible_sections(page) -> list[str]:
    return page.locator("section.intake-section").evaluate_all(
        "all => all.filter(s => s.offsetParent !== null).map(s => s.id)"
    )


def section_link(page, title):
    return page.get_by_role("navigation", name="Sections of the intake").get_by_role(
        "link", name=title
    )


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_one_short_section_at_a_time_with_its_progress(
    signed_in_page, live_server, person, shoot, assert_accessible
):
    page = signed_in_page
    width = page.viewport_name
    open_new_intake(page, live_server, person)
    expect(page.get_by_text("Step 1 of 5: Where it hurts")).to_be_visible()
    assert visible_sections(page) == ["step-pain"]
    expect(section_link(page, "Where it hurts")).to_have_attribute("aria-current", "step")
    assert_accessible(page)
    shoot(page, f"intake-step-1-{width}")

    # Next moves on and takes the focus to the new section's heading.
    page.get_by_role("button", name="Next: Leg symptoms and sciatica").click()
    expect(page.get_by_text("Step 2 of 5: Leg symptoms and sciatica")).to_be_visible()
    expect(page.get_by_role("heading", name="Leg symptoms and sciatica")).to_be_focused()
    expect(section_link(page, "Where it hurts")).not_to_have_attribute("aria-current", "step")
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()

    heights, pages = {}, {}
    for number, title in enumerate(TITLES, start=1):
        section_link(page, title).click()
        expect(page.get_by_text(f"Step {number} of 5: {title}")).to_be_visible()
        expect(section_link(page, title)).to_have_attribute("aria-current", "step")
        assert len(visible_sections(page)) == 1
        heights[title] = page.locator("section.intake-section:visible").bounding_box()["height"]
        pages[title] = page.evaluate("document.documentElement.scrollHeight")
        shoot(page, f"intake-step-{number}-{width}")
    expect(page.get_by_role("button", name=re.compile("^Next"))).to_be_hidden()
    assert_accessible(page)
    if width == "tablet":
        print("Section heights at tablet width:", heights, "pages:", pages)
        assert max(heights.values()) < MAX_SECTION_HEIGHT, heights
        # The whole page, heading to buttons, is about half the old single 3,500 px form.
        assert max(pages.values()) < 1900, pages


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_leg_symptoms_open_the_sciatica_questions_and_never_hide_an_answer(
    signed_in_page, live_server, person, shoot, assert_accessible
):
    page = signed_in_page
    open_new_intake(page, live_server, person)
    section_link(page, "Leg symptoms and sciatica").click()
    sc01 = page.get_by_label("Radiating pain below the knee (SC01)")
    expect(sc01).to_be_hidden()
    expect(page.get_by_text("The sciatica questions open with a Yes above")).to_be_visible()

    question = page.get_by_role("group", name="Pain, numbness, tingling or weakness")
    question.get_by_label("Yes").check()
    expect(sc01).to_be_visible()
    assert_accessible(page)
    shoot(page, f"intake-legs-open-{page.viewport_name}")
    question.get_by_label("No").check()
    expect(sc01).to_be_hidden()

    # A leg marked on the pain map opens them too.
    section_link(page, "Where it hurts").click()
    page.locator("#pm-calf_left").click()
    section_link(page, "Leg symptoms and sciatica").click()
    expect(sc01).to_be_visible()
    sc01.check()
    # A ticked sign stays in sight whatever the question or the map says.
    section_link(page, "Where it hurts").click()
    page.locator("#pm-calf_left").click()
    section_link(page, "Leg symptoms and sciatica").click()
    question.get_by_label("No").check()
    expect(sc01).to_be_visible()
    expect(sc01).to_be_checked()


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_a_failed_signature_focuses_the_summary_whose_link_leads_to_the_consent(
    signed_in_page, live_server, person, shoot, assert_accessible
):
    page = signed_in_page
    open_new_intake(page, live_server, person)
    page.get_by_label("Pain now (0–10)").fill("6")
    page.get_by_role("button", name="Save and sign").click()

    summary = page.get_by_role("alert").filter(has_text="Please check 1 answer")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Please check 1 answer")).to_be_visible()
    assert summary.bounding_box()["y"] < page.locator("form.intake-form").bounding_box()["y"]
    shoot(page, f"intake-error-summary-{page.viewport_name}")
    assert_accessible(page)

    summary.get_by_role("link", name="Consent: the name the client").click()
    consent = page.get_by_label("Consent: the name the client")
    expect(consent).to_be_focused()
    expect(page.get_by_text("Step 5 of 5: Goals and consent")).to_be_visible()
    expect(
        page.get_by_text("Type the client's name as their consent before signing.")
    ).to_be_visible()
    assert page.get_by_label("Pain now (0–10)").input_value() == "6"  # kept, in step 1
    consent.fill("Maria Lopez")
    page.get_by_role("button", name="Save and sign").click()
    page.get_by_role("heading", name="Maria Lopez").wait_for()
    assert Intake.objects.get().is_signed


@pytest.mark.parametrize("signed_in_page", ["tablet", "phone"], indirect=True)
def test_the_draft_saves_as_the_therapist_goes_and_survives_a_reload(
    signed_in_page, live_server, person, shoot, assert_accessible
):
    page = signed_in_page
    open_new_intake(page, live_server, person)
    page.locator("#pm-low_back").click()
    section_link(page, "Contraindications and medicines").click()
    page.get_by_label("Relevant history").fill("Desk job; cycles to work.")
    status = page.get_by_role("status").filter(has_text="Draft saved")
    expect(status).to_have_text(re.compile(r"Draft saved \d\d:\d\d\."))
    intake = Intake.objects.get(client=person)
    assert intake.history == "Desk job; cycles to work." and not intake.is_signed
    edit_url = reverse("clients:intake_edit", args=[person.pk, intake.pk])
    assert page.url.endswith(edit_url)  # a reload opens the draft, not a new intake
    shoot(page, f"intake-autosaved-{page.viewport_name}")
    assert_accessible(page)

    page.reload()
    page.get_by_role("heading", name="Edit the draft intake").wait_for()
    assert page.locator('input[name="pain_regions"][value="low_back"]').is_checked()
    section_link(page, "Contraindications and medicines").click()
    expect(page.get_by_label("Relevant history")).to_have_value("Desk job; cycles to work.")

    # After more autosaves the page still holds the latest revision: Save draft just saves.
    page.get_by_label("Medications").fill("Ibuprofen")
    expect(page.get_by_role("status")).to_have_text(re.compile("Draft saved"))
    page.get_by_label("Medications").fill("Ibuprofen, as needed")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved. Review it").wait_for()
    intake.refresh_from_db()
    assert intake.medications == "Ibuprofen, as needed"
    assert Intake.objects.count() == 1


def test_without_javascript_every_section_and_question_shows_and_save_draft_works(
    browser, live_server, person, therapist
):
    context = browser.new_context(viewport=VIEWPORTS["tablet"], java_script_enabled=False)
    sign_in(context, live_server, therapist)
    page = context.new_page()
    open_new_intake(page, live_server, person)
    for title in TITLES:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_label("Radiating pain below the knee (SC01)")).to_be_visible()
    page.get_by_label("Radiating pain below the knee (SC01)").check()
    page.get_by_label("Relevant history").fill("Desk job")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved. Review it").wait_for()
    intake = Intake.objects.get()
    assert intake.symptoms == ["SC01"] and intake.history == "Desk job"
    context.close()
