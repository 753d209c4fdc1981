"""Self-care sheets in a real browser: a therapist builds, issues and shares a sheet; the
client opens the private link on a phone and downloads the PDF. Axe checks every page;
screenshots and the PDF (as PNG) land in screenshots/ for a human to look at."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from clients.models import Sheet, SheetLink
from tests.browser import SCREENSHOT_DIR, VIEWPORTS, sign_in
from tests.clients.sheet_helpers import PSOAS_SIGNS, screened_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def ana(practice):
    practice.address = "12 River Street\nLeeds LS1 4AB"
    practice.phone = "0113 496 0000"
    practice.email = "hello@riverside.example"
    practice.website = "https://riverside.example"
    practice.save()
    return screened_client(practice, first_name="Ana", last_name="Silvermoon", symptoms=PSOAS_SIGNS)


def new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def save_pdf_pages(pdf_path, name: str) -> None:
    """The PDF as PNG pages beside the screenshots, for a human to look at."""
    if shutil.which("pdftoppm"):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf_path), str(SCREENSHOT_DIR / name)], check=True
        )


def test_a_therapist_builds_and_shares_a_sheet_and_the_client_downloads_it_on_a_phone(
    browser, live_server, therapist, ana, shoot, assert_accessible, tmp_path
):
    context, page = new_page(browser, "desktop")
    sign_in(context, live_server, therapist)

    # The client page offers a new sheet; it opens with the suggested items.
    page.goto(f"{live_server.url}/clients/{ana.pk}/")
    page.get_by_role("button", name="New self-care sheet").click()
    page.get_by_role("heading", name="Self-care sheet").wait_for()
    expect(page.get_by_role("heading", name="Kneeling Hip Flexor Stretch")).to_be_visible()
    assert_accessible(page)
    shoot(page, "sheet-builder-desktop")

    # Change a dose, add an item from the library, write a note, issue.
    first = Sheet.objects.get(client=ana).items.select_related("entry").first()
    page.locator("summary", has_text=f"the dose of {first.entry.name}").click()
    page.locator("#id_item-0-hold_min").fill("25")
    page.get_by_role("button", name="Add Towel Hamstring Stretch").click()
    page.get_by_role("heading", name="Towel Hamstring Stretch").wait_for()
    page.get_by_label("Your note to the client").fill(
        "Little and often: a few minutes each evening."
    )
    page.get_by_role("button", name="Save and issue").click()
    page.get_by_text("Sheet issued.").wait_for()
    sheet = Sheet.objects.get(client=ana)
    assert sheet.is_issued
    assert sheet.snapshot["note"] == "Little and often: a few minutes each evening."
    assert any(item["slug"] == "towel-hamstring-stretch" for item in sheet.snapshot["items"])
    assert_accessible(page)

    # Share: a private link for 30 days, shown to copy.
    assert page.get_by_label("Link works for (days)").input_value() == "30"
    expect(page.get_by_label("Email it to ana@example.org")).not_to_be_checked()
    page.get_by_role("button", name="Make a private link").click()
    page.get_by_text("Private link made").wait_for()
    link = SheetLink.objects.get(sheet=sheet)
    url = page.locator(f"#link-url-{link.pk}").input_value()
    assert url == f"{live_server.url}/s/{link.token}/"
    shoot(page, "sheet-issued-desktop")
    assert_accessible(page)

    # The print page, with the QR code of the link.
    page.goto(f"{live_server.url}/clients/{ana.pk}/sheets/{sheet.pk}/print/")
    expect(page.locator("svg.qr")).to_be_visible()
    assert_accessible(page)
    shoot(page, "sheet-print-desktop")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    context.close()

    # The client, on a phone, signed in to nothing.
    phone_context, phone = new_page(browser, "phone")
    phone.goto(url)
    phone.get_by_role("heading", name="Your self-care sheet").wait_for()
    expect(phone.get_by_text("For Ana")).to_be_visible()
    expect(phone.get_by_role("heading", name="Towel Hamstring Stretch")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    assert_accessible(phone)
    shoot(phone, "sheet-shared-phone")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"self-care-sheet-{sheet.snapshot['date']}.pdf"
    pdf_path = tmp_path / "sheet.pdf"
    download.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "Towel Hamstring Stretch" in text and "Hold 25–30 seconds" in text
    assert "When to get help" in text and "Silvermoon" not in text
    save_pdf_pages(pdf_path, "sheet-pdf")
    assert list(link.events.values_list("kind", flat=True).order_by("at")) == [
        "viewed",
        "downloaded",
    ]

    # Withdrawn, the link says to ask for a new one, and nothing else.
    link.revoked_at = link.created
    link.save()
    phone.goto(url)
    phone.get_by_role("heading", name="This link can no longer be used").wait_for()
    assert "Ana" not in phone.content()
    assert_accessible(phone)
    shoot(phone, "sheet-link-gone-phone")
    phone_context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_generic_sheets_are_accessible(
    browser, live_server, shoot, assert_accessible, viewport
):
    context, page = new_page(browser, viewport)
    for pattern, title in (("psoas", "Psoas self-care"), ("sciatica", "Sciatica self-care")):
        page.goto(f"{live_server.url}/sheets/{pattern}/")
        page.get_by_role("heading", name=title, exact=True).wait_for()
        expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
        assert_accessible(page)
        shoot(page, f"sheet-generic-{pattern}-{viewport}")
    context.close()


def test_the_builder_under_do_not_treat_and_with_overrides_is_accessible(
    browser, live_server, therapist, practice, shoot, assert_accessible
):
    urgent = screened_client(practice, first_name="Uma", red_flags=["RF09"])
    careful = screened_client(
        practice,
        first_name="Cleo",
        symptoms=["SC01", "SC03", "SC07", "SC09"],
        contraindications=["CI20", "CI12"],
    )
    context, page = new_page(browser, "phone")
    sign_in(context, live_server, therapist)
    for person, name in ((urgent, "do-not-treat"), (careful, "overrides")):
        page.goto(f"{live_server.url}/clients/{person.pk}/")
        page.get_by_role("button", name="New self-care sheet").click()
        page.get_by_role("heading", name="Self-care sheet").wait_for()
        assert_accessible(page)
        shoot(page, f"sheet-builder-{name}-phone")
    expect(page.get_by_text("Left out by screening")).to_be_visible()
    context.close()
