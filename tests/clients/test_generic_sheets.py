"""The public generic sheets: psoas and sciatica self-care, with no client data."""

from __future__ import annotations

from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from clients import documents, generic_sheets
from techniques.models import Entry
from tests.clients.sheet_helpers import pdf_text

pytestmark = pytest.mark.django_db

PSOAS = {
    "Kneeling Hip Flexor Stretch",
    "Standing Hip Flexor Stretch",
    "Knee to Chest Stretch",
    "Movement Breaks",
    "Daily Walking",
    "Heat Pack for the Low Back",
}


@pytest.fixture
def clock_held_still():
    """Rate limits count per clock minute: 31 requests must not straddle two minutes."""
    with time_machine.travel(timezone.now().replace(second=30, microsecond=0), tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def names(pattern: str) -> set[str]:
    return {
        entry.name
        for entry in generic_sheets.generic_entries(generic_sheets.GENERIC_SHEETS[pattern])
    }


def test_the_psoas_sheet_holds_the_psoas_items_and_advice_but_never_the_ball():
    assert names("psoas") == PSOAS


def test_the_sciatica_sheet_holds_sciatica_deep_gluteal_and_advice_items():
    assert names("sciatica") == {
        "Knee to Chest Stretch",
        "Lying Figure-Four Stretch",
        "Seated Figure-Four Stretch",
        "Towel Hamstring Stretch",
        "Seated Nerve Slider",
        "Buttock Foam Roll or Ball",
        "Hamstring Foam Roll",
        "Movement Breaks",
        "Daily Walking",
        "Heat Pack for the Low Back",
    }


def test_an_unpublished_item_or_one_switched_per_client_stays_off():
    Entry.objects.filter(slug="heat-pack").update(published=False)
    Entry.objects.filter(slug="daily-walking").update(needs_client_switch=True)
    assert names("psoas") == PSOAS - {"Heat Pack for the Low Back", "Daily Walking"}


def test_the_psoas_page_is_public_and_plain(client):
    response = client.get("/sheets/psoas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Psoas self-care</title>" in html
    for name in PSOAS:
        assert name in html
    assert "Psoas Ball" not in html and "ball beside" not in html.lower()
    assert "When to get help" in html and 'href="/sheets/psoas.pdf"' in html
    assert 'class="qr"' in html
    assert response.context["online_url"] == "http://testserver/sheets/psoas/"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_psoas_pdf_never_holds_the_psoas_ball(client, tmp_path):
    # Even when the ball is published and switched on for some client somewhere.
    Entry.objects.filter(slug="psoas-ball-release").update(published=True)
    response = client.get("/sheets/psoas.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="psoas-self-care.pdf"'
    text = pdf_text(response.content, tmp_path)
    assert "Psoas Ball" not in text and "ball beside" not in text.lower()
    for entry in generic_sheets.generic_entries(generic_sheets.GENERIC_SHEETS["psoas"]):
        assert entry.name in text and documents.dose_text(entry.modality, entry) in text
    assert "Call 999 or go to A&E (the emergency department) now" in text
    assert "not improving after a few weeks" in text


def test_the_sciatica_pdf_holds_every_item_and_its_dose(client, tmp_path):
    text = pdf_text(client.get("/sheets/sciatica.pdf").content, tmp_path)
    for entry in generic_sheets.generic_entries(generic_sheets.GENERIC_SHEETS["sciatica"]):
        assert entry.name in text and documents.dose_text(entry.modality, entry) in text
    assert "Sciatica self-care" in text


@pytest.mark.parametrize("url", ["/sheets/back/", "/sheets/all.pdf", "/sheets/deep_gluteal/"])
def test_any_other_sheet_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_signed_in_therapist_gets_their_letterhead_and_no_one_else_does(client, therapist_client):
    assert "Riverside Massage" in therapist_client.get("/sheets/psoas/").content.decode()
    client.logout()
    html = client.get("/sheets/psoas/").content.decode()
    assert "Riverside Massage" not in html and "Self-care at home" in html


def test_the_same_pdf_comes_from_the_cache(client):
    with mock.patch("clinic.pdf.html_to_pdf", return_value=b"%PDF-cached") as render:
        first = client.get("/sheets/sciatica.pdf").content
        second = client.get("/sheets/sciatica.pdf").content
    assert first == second == b"%PDF-cached"
    assert render.call_count == 1
    Entry.objects.filter(slug="daily-walking").update(name="Walking Every Day")
    with mock.patch("clinic.pdf.html_to_pdf", return_value=b"%PDF-new") as render:
        assert client.get("/sheets/sciatica.pdf").content == b"%PDF-new"
    assert render.call_count == 1  # the content changed, so a new PDF


def test_generic_sheets_are_rate_limited_per_address(clock_held_still, client):
    for _ in range(30):
        client.get("/sheets/psoas/")
    assert client.get("/sheets/psoas/").status_code == 429
    assert client.get("/sheets/psoas/", REMOTE_ADDR="198.51.100.7").status_code == 200
