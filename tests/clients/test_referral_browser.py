"""The referral letter in a real browser: accessible, printable, and its PDF saved for review."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Clearance
from tests.browser import SCREENSHOT_DIR
from tests.factories import ClientFactory, IntakeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def referred(practice):
    practice.address = "12 River Street\nLeeds LS1 4AB"
    practice.phone = "0113 496 0000"
    practice.email = "hello@riverside.example"
    practice.website = "https://riverside.example"
    practice.save()
    client = ClientFactory(
        practice=practice,
        first_name="Maria",
        last_name="Lopez",
        date_of_birth=date(1968, 3, 14),
        address="4 Elm Grove\nLeeds LS6 2AA",
        doctor_name="Dr Helen Okafor",
        doctor_contact="Parkside Surgery\n1 Park Road, Leeds LS2 9XY\n0113 496 1111",
    )
    intake = IntakeFactory(
        client=client,
        new_onset=True,
        pain_now=6,
        red_flags=["RF09", "RF13", "RF19"],
        symptoms=["SC01", "SC03", "PS01"],
        pain_regions=["low_back", "buttock_left", "calf_left", "foot_left"],
        signed_at=timezone.now() - timedelta(days=2),
        consent_at=timezone.now() - timedelta(days=2),
    )
    Clearance.objects.create(
        intake=intake,
        code="RF19",
        cleared_by="Dr Sam Lee, GP",
        cleared_on=timezone.localdate(),
        note="Bone density normal in 2025.",
    )
    return client


def test_referral_letter_is_accessible_and_prints(
    signed_in_page, live_server, referred, shoot, assert_accessible
):
    page = signed_in_page
    page.goto(f"{live_server.url}/clients/{referred.pk}/referral/")
    page.get_by_role("heading", name="Referral for medical assessment").wait_for()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    shoot(page, f"referral-letter-{page.viewport_name}")
    assert_accessible(page)

    # The Print button calls window.print() through static/js/print.js (no inline script).
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1

    # In print, the toolbar is hidden and the letter is all there is.
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    expect(page.get_by_text("Not yet cleared").first).to_be_visible()


def test_referral_pdf_renders_for_review(browser_page, live_server, referred, therapist):
    """Saves the PDF and its pages as PNG in screenshots/, for a human to look at."""
    from tests.browser import sign_in

    sign_in(browser_page.context, live_server, therapist)
    response = browser_page.request.get(f"{live_server.url}/clients/{referred.pk}/referral.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    pdf = SCREENSHOT_DIR / "referral-letter.pdf"
    pdf.write_bytes(response.body())
    for old in SCREENSHOT_DIR.glob("referral-letter-pdf-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOT_DIR / "referral-letter-pdf")],
            check=True,
        )


def test_recording_a_clearance_in_the_browser(
    signed_in_page, live_server, referred, shoot, assert_accessible
):
    page = signed_in_page
    intake = referred.intakes.get()
    page.goto(f"{live_server.url}/clients/{referred.pk}/intakes/{intake.pk}/clearances/new/")
    page.get_by_role("heading", name="Record a clearance").wait_for()
    assert_accessible(page)
    page.get_by_label("History of cancer, new back pain (RF09)").check()
    page.get_by_label("Cleared by").fill("Dr Helen Okafor")
    page.get_by_label("Their role").fill("GP")
    page.get_by_label("Note (optional)").fill("Seen today: no concern about the back pain.")
    shoot(page, f"clearance-form-{page.viewport_name}")
    page.get_by_role("button", name="Record clearance").click()
    page.get_by_text("RF09 cleared by Dr Helen Okafor, GP.").wait_for()
    assert page.url.endswith(f"/clients/{referred.pk}/")
    assert intake.clearances.filter(code="RF09").exists()
