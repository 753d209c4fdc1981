"""The public psoas and sciatica sheets say first who should not use them without advice,
drawn from their items' contraindications, and point to the seek-help section."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from clients import generic_sheets
from techniques.models import Entry
from tests.clients.sheet_helpers import issued_for, pdf_text, screened_client

pytestmark = pytest.mark.django_db

PREGNANT = "You are pregnant"
BONES = "You have thin bones (osteoporosis) or a recent broken bone"
CLOTS = "You have or had a blood clot in a leg, or take blood thinners"
SURGERY = "You have had an operation on your hip, belly or pelvis recently"
TOUCHY_LEG = "Your leg pain flares up with light touch or gentle movement"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def page(client, pattern: str) -> str:
    response = client.get(f"/sheets/{pattern}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_sciatica_sheet_opens_with_all_five_warnings_before_the_exercises(client):
    html = page(client, "sciatica")
    warnings = html.index("Not for you without advice if…")
    for line in (PREGNANT, BONES, CLOTS, SURGERY, TOUCHY_LEG):
        assert warnings < html.index(line) < html.index("Before you start")
    assert html.index("Before you start") < html.index("Exercises and advice")
    # ...and sends the reader on to the seek-help section
    assert '<a href="#help-heading">When to get help</a>' in html
    assert 'id="help-heading"' in html


def test_the_psoas_sheet_warns_of_what_its_own_items_need(client):
    html = page(client, "psoas")
    for line in (BONES, CLOTS, SURGERY, TOUCHY_LEG):
        assert line in html
    # Its stretches and advice are not what pregnancy blocks (deep or belly work).
    assert PREGNANT not in html


def test_the_list_follows_the_items_on_the_sheet(client):
    # The foam rolls are the sheet's only deep work, which pregnancy and blood thinners block.
    Entry.objects.filter(slug__in=["glute-foam-roll", "hamstring-foam-roll"]).update(
        published=False
    )
    html = page(client, "sciatica")
    assert PREGNANT not in html
    assert CLOTS in html  # a clot blocks every hands-on item


def test_the_warnings_are_in_the_pdf_too(client, tmp_path):
    for pattern in ("psoas", "sciatica"):
        response = client.get(f"/sheets/{pattern}.pdf")
        assert response.status_code == 200
        text = pdf_text(response.content, tmp_path)
        assert "Not for you without advice if…" in text
        assert "Ask your doctor or your therapist before you use this sheet if" in text
        assert TOUCHY_LEG in text and "When to get help" in text
        assert text.index("Not for you without advice") < text.index("Before you start")


def test_the_lines_are_worded_for_a_client_without_codes():
    for _, words in generic_sheets.NOT_FOR_YOU:
        assert "CI" not in words and words == words.lower()[:1] + words[1:]


def test_a_clients_own_sheet_has_no_such_list(client, practice, therapist):
    """A therapist screened this client: their sheet already leaves out what is unsafe."""
    sheet = issued_for(screened_client(practice), therapist)
    assert "not_for_you" not in sheet.snapshot
    client.force_login(therapist)
    html = client.get(f"/clients/{sheet.client_id}/sheets/{sheet.pk}/print/").content.decode()
    assert "Not for you without advice" not in html
