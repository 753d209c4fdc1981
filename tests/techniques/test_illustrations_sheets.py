"""The drawings on self-care sheets: the therapist's sheet page, the client's private link,
the public sheets and their PDFs; an uploaded picture replaces a drawing there too."""

from __future__ import annotations

import subprocess
from html import escape
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

from clients.templatetags.sheet_pictures import sheet_picture
from techniques.illustrations import ARROW, TINT
from techniques.models import Entry
from techniques.poses import ILLUSTRATIONS
from tests.clients.sheet_helpers import issued_for, screened_client, sheet_url
from tests.factories import ClientFactory, IntakeFactory, SessionFactory, SheetLinkFactory
from tests.techniques.test_illustrations import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sheet(practice, therapist):
    return issued_for(screened_client(practice), therapist)


def drawings_of(html: str, items: list[dict]) -> int:
    return sum(f'aria-label="{escape(ILLUSTRATIONS[i["slug"]].alt)}"' in html for i in items)


def arrow_pixels(pdf: bytes, tmp_path: Path) -> list[int]:
    """How many pixels of each page, rasterised, are the blue of the drawings' arrows: the
    drawings as a reader sees them. (They are vector drawings, not embedded images, so
    pdfimages would list none; nothing else on a sheet is this blue, not even the region
    diagrams, which are orange and brown, or the teal headings.)"""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
    counts = []
    for page in sorted(tmp_path.glob("page*.png")):
        image = Image.open(page).convert("RGB")
        flat = getattr(image, "get_flattened_data", None)  # Pillow 12.1+; getdata() before
        pixels = flat() if flat else image.getdata()
        counts.append(sum(_blue(pixel) for pixel in pixels))
    return counts


def _blue(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return b > 110 and b - g > 45 and r < 90


def test_only_the_arrows_are_the_blue_the_pdf_check_looks_for():
    def rgb(colour: str) -> tuple[int, int, int]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    assert _blue(rgb(ARROW))
    for other in ("#0b5d63", "#f0875f", "#9a3412", "#16191c", TINT, "#1d2125"):
        assert not _blue(rgb(other))


def test_the_therapists_sheet_page_shows_every_items_drawing(therapist_client, sheet):
    html = therapist_client.get(sheet_url(sheet, "print/")).content.decode()
    items = sheet.snapshot["items"]
    assert items and drawings_of(html, items) == len(items)
    assert "In the pictures: Solid figure: the position to reach" in html


def test_the_clients_private_link_shows_the_drawings(client, sheet):
    link = SheetLinkFactory(sheet=sheet)
    html = client.get(f"/s/{link.token}/").content.decode()
    items = sheet.snapshot["items"]
    assert drawings_of(html, items) == len(items)


def test_the_sheet_pdf_draws_the_pictures(therapist_client, sheet, client, tmp_path):
    pdf = therapist_client.get(sheet_url(sheet, "sheet.pdf")).content
    counts = arrow_pixels(pdf, tmp_path)
    assert sum(counts) > 100 and counts[0] > 0
    link = SheetLinkFactory(sheet=sheet)
    linked = client.get(f"/s/{link.token}/sheet.pdf").content
    (tmp_path / "link").mkdir()
    assert sum(arrow_pixels(linked, tmp_path / "link")) > 100


@pytest.mark.parametrize("pattern", ["psoas", "sciatica"])
def test_the_public_sheets_show_drawings_on_the_page_and_in_the_pdf(client, pattern, tmp_path):
    response = client.get(f"/sheets/{pattern}/")
    items = response.context["doc"]["items"]
    assert drawings_of(response.content.decode(), items) == len(items)
    pdf = client.get(f"/sheets/{pattern}.pdf").content
    assert sum(arrow_pixels(pdf, tmp_path)) > 100


def test_a_picture_uploaded_before_issuing_goes_on_the_sheet(therapist_client, practice, therapist):
    entry = Entry.objects.get(slug="knee-to-chest-stretch")
    entry.image = ContentFile(png(), name="knee.png")
    entry.save()
    sheet = issued_for(screened_client(practice), therapist)
    assert "knee-to-chest-stretch" in [i["slug"] for i in sheet.snapshot["items"]]
    html = therapist_client.get(sheet_url(sheet, "print/")).content.decode()
    alt = escape(ILLUSTRATIONS[entry.slug].alt)
    assert f'<img src="{entry.image.url}" alt="{alt}">' in html
    assert f'role="img" aria-label="{alt}"' not in html


def test_an_older_snapshot_still_gets_its_drawing():
    """Sheets issued before the drawings kept no description: the drawing brings its own."""
    html = sheet_picture({"slug": "heat-pack", "name": "Heat Pack", "image_url": ""})
    assert f'aria-label="{escape(ILLUSTRATIONS["heat-pack"].alt)}"' in html
    assert sheet_picture({"slug": "a-therapists-own-entry", "name": "Own"}) == ""


def test_the_plan_printout_shows_a_small_drawing_of_each_technique(
    therapist_client, practice, therapist
):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "SC07"])
    session = SessionFactory(client=client, therapist=therapist, length=60)
    plan = f"/clients/{client.pk}/sessions/{session.pk}/plan/"
    therapist_client.post(plan, {"action": "suggest", "focus": "both"})
    response = therapist_client.get(plan + "print/")
    rows = response.context["printable_rows"]
    assert rows
    html = response.content.decode()
    assert html.count('<span class="plan-thumb"><svg') == len(rows)
    for row in rows:
        assert f'aria-label="{escape(ILLUSTRATIONS[row["item"].entry.slug].alt)}"' in html
