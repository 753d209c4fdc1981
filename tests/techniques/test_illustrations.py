"""The drawn illustrations: every shipped entry has one, it is a well-formed and safe SVG
with a text alternative, highlighted area and arrow; library pages show it; an admin's
upload replaces it and can be undone."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from techniques import illustrations
from techniques.illustrations import FOREARM, UPPER_ARM, limb, render
from techniques.migrations._library_v1 import ENTRIES
from techniques.models import SHIPPED_SLUGS, Entry
from techniques.poses import ILLUSTRATIONS

SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = {entry["slug"]: entry for entry in ENTRIES}
STILL = {"heat-pack"}  # lying on a warm pack: nothing moves
NO_REGION = {"movement-breaks", "daily-walking"}


def parsed(slug: str) -> ET.Element:
    return ET.fromstring(illustrations.drawn_svg(slug, SHIPPED[slug]["name"]))


def group(svg: ET.Element, name: str) -> ET.Element | None:
    return next((g for g in svg.iter(SVG + "g") if g.get("class") == name), None)


def test_every_shipped_entry_has_a_drawing_and_nothing_else_does():
    assert set(ILLUSTRATIONS) == SHIPPED_SLUGS
    assert len(ILLUSTRATIONS) == 28


@pytest.mark.parametrize("slug", sorted(SHIPPED_SLUGS))
def test_each_drawing_is_an_svg_image_with_a_title_and_text_alternative(slug):
    svg = parsed(slug)
    alt = ILLUSTRATIONS[slug].alt
    assert svg.tag == SVG + "svg"
    assert svg.get("role") == "img" and svg.get("aria-label") == alt
    _, top, width, height = map(float, svg.get("viewBox").split())
    assert width == 200 and 40 <= height <= 120 and top >= 0
    title = svg.find(SVG + "title")
    assert title is not None and title.text == f"{SHIPPED[slug]['name']}: {alt}"
    # The solid end position: a head and limbs.
    end = group(svg, "end-pose")
    assert end.find(SVG + "circle") is not None and len(end.findall(SVG + "line")) >= 10


@pytest.mark.parametrize("slug", sorted(SHIPPED_SLUGS))
def test_the_worked_area_is_hatched_and_the_movement_has_an_arrow(slug):
    svg = parsed(slug)
    highlight = group(svg, "highlight")
    if slug in NO_REGION:
        assert len(highlight) == 0
    else:
        # a tinted, dash-outlined shape with hatch lines over it: readable in black and white
        outlines = [el for el in highlight if el.get("stroke-dasharray")]
        hatching = highlight.findall(SVG + "line")
        assert outlines and len(hatching) >= 3
    movement = group(svg, "movement")
    if slug in STILL:
        assert movement is None
    else:
        assert movement.find(SVG + "path") is not None  # the shaft
        assert movement.find(SVG + "polygon") is not None  # its head
    start = group(svg, "start-pose")
    if ILLUSTRATIONS[slug].start is not None:
        assert start is not None and len(start) > 0
        assert all(el.get("stroke-dasharray") for el in start)  # drawn dashed, light


def test_drawings_are_safe_for_a_strict_content_security_policy():
    for slug in SHIPPED_SLUGS:
        text = illustrations.drawn_svg(slug, SHIPPED[slug]["name"])
        for forbidden in ("<script", "style=", " id=", "onload", "href", "<foreignObject"):
            assert forbidden not in text, (slug, forbidden)


def test_names_and_descriptions_are_escaped():
    hostile = '<script>alert("x")</script> & co'
    svg_text = render(ILLUSTRATIONS["heat-pack"], hostile)
    assert "<script>" not in svg_text
    svg = ET.fromstring(svg_text)  # still well-formed
    assert svg.find(SVG + "title").text.startswith(hostile)
    custom = illustrations.drawn_svg("heat-pack", "Heat", 'A "warm" pack <b>')
    assert ET.fromstring(custom).get("aria-label") == 'A "warm" pack <b>'


def test_text_alternatives_are_concise_and_each_its_own():
    alts = [illustration.alt for illustration in ILLUSTRATIONS.values()]
    assert len(set(alts)) == len(alts)
    assert all(40 <= len(alt) <= Entry._meta.get_field("image_alt").max_length for alt in alts)


def test_drawings_are_cached_per_entry():
    first = illustrations.drawn_svg("knee-to-chest-stretch", "Knee to Chest Stretch")
    assert illustrations.drawn_svg("knee-to-chest-stretch", "Knee to Chest Stretch") is first
    assert illustrations.drawn_svg("no-such-entry") == ""


@given(
    st.floats(min_value=-180, max_value=180),
    st.floats(min_value=2, max_value=UPPER_ARM + FOREARM - 0.5),
    st.sampled_from([1, -1]),
)
def test_a_posed_limb_reaches_its_target(angle, distance, bend):
    origin = (100.0, 60.0)
    target = (
        origin[0] + distance * math.cos(math.radians(angle)),
        origin[1] - distance * math.sin(math.radians(angle)),
    )
    first, second = limb(origin, target, UPPER_ARM, FOREARM, bend)
    middle = illustrations._step(origin, first, UPPER_ARM)
    end = illustrations._step(middle, second, FOREARM)
    assert math.dist(end, target) < 0.3


# --- On the library pages ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_entry_page_shows_the_drawing_with_its_description(
    therapist_client, django_assert_max_num_queries
):
    entry = Entry.objects.get(slug="towel-hamstring-stretch")
    with django_assert_max_num_queries(12):
        response = therapist_client.get(entry.get_absolute_url())
    html = response.content.decode()
    assert f'role="img" aria-label="{escape(ILLUSTRATIONS[entry.slug].alt)}"' in html
    assert "Hatched: where it is felt or worked" in html
    assert 'class="body-diagram"' in html  # the region diagram stays beside it


@pytest.mark.django_db
def test_the_library_list_shows_a_small_drawing_on_every_card(therapist_client):
    response = therapist_client.get("/library/")
    html = response.content.decode()
    shown = list(response.context["page"])
    assert shown
    assert html.count('class="illustration" role="img"') == len(shown)


# --- The admin's own picture ---------------------------------------------------------------


def change_url(entry: Entry) -> str:
    return f"/admin/techniques/entry/{entry.pk}/change/"


@pytest.fixture
def viewer(therapist) -> Client:
    """A therapist in a browser of their own, beside the site admin's."""
    browser = Client()
    browser.force_login(therapist)
    return browser


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def posted(entry: Entry, **overrides) -> dict:
    """The change page's form for a shipped entry (its safety fields are read-only)."""
    data = {
        "name": entry.name,
        "role": entry.role,
        "default_minutes": entry.default_minutes or "",
        "indications": entry.indications,
        "patterns": entry.patterns,
        "summary": entry.summary,
        "steps": entry.steps,
        "cautions": entry.cautions,
        "hold_min": entry.hold_min or "",
        "hold_max": entry.hold_max or "",
        "hold_unit": entry.hold_unit,
        "repetitions": entry.repetitions or "",
        "sets": entry.sets or "",
        "per_side": "on" if entry.per_side else "",
        "frequency": entry.frequency,
        "dose_note": entry.dose_note,
        "image_alt": entry.image_alt,
        "published": "on",
        "_continue": "Save and continue editing",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ("", None)}


@pytest.mark.django_db
def test_an_admin_upload_replaces_the_drawing_and_going_back_restores_it(admin_client, viewer):
    entry = Entry.objects.get(slug="knee-to-chest-stretch")
    page = admin_client.get(change_url(entry)).content.decode()
    assert "Use the drawn illustration" in page and 'class="illustration"' in page

    upload = SimpleUploadedFile("knee.png", png(), content_type="image/png")
    response = admin_client.post(
        change_url(entry), posted(entry, image=upload, image_alt="Ana hugging her knee")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.image
    html = viewer.get(entry.get_absolute_url()).content.decode()
    assert f'<img src="{entry.image.url}" alt="Ana hugging her knee"' in html
    assert 'class="illustration"' not in html

    response = admin_client.post(change_url(entry), posted(entry, use_drawn="on"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.image and entry.image_alt == ""  # the description went with it
    html = viewer.get(entry.get_absolute_url()).content.decode()
    assert "<img" not in html.split("<main", 1)[1]
    assert f'aria-label="{escape(ILLUSTRATIONS[entry.slug].alt)}"' in html


@pytest.mark.django_db
def test_an_upload_without_a_description_borrows_the_drawings(admin_client, viewer):
    entry = Entry.objects.get(slug="heat-pack")
    upload = SimpleUploadedFile("heat.png", png(), content_type="image/png")
    admin_client.post(change_url(entry), posted(entry, image=upload))
    entry.refresh_from_db()
    html = viewer.get(entry.get_absolute_url()).content.decode()
    assert f'alt="{escape(ILLUSTRATIONS["heat-pack"].alt)}"' in html


@pytest.mark.django_db
def test_the_admin_edits_the_drawings_description(admin_client, viewer):
    entry = Entry.objects.get(slug="daily-walking")
    admin_client.post(change_url(entry), posted(entry, image_alt="Walking briskly outdoors"))
    html = viewer.get(entry.get_absolute_url()).content.decode()
    assert 'role="img" aria-label="Walking briskly outdoors"' in html


@pytest.mark.django_db
def test_uploading_and_going_back_at_once_is_refused_beside_the_box(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    upload = SimpleUploadedFile("heat.png", png(), content_type="image/png")
    response = admin_client.post(change_url(entry), posted(entry, image=upload, use_drawn="on"))
    assert response.status_code == 200
    assert "Either upload a picture or go back to the drawn illustration" in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert not entry.image


@pytest.mark.django_db
def test_uploads_keep_the_existing_checks(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    fake = SimpleUploadedFile("heat.png", b"not a picture", content_type="image/png")
    response = admin_client.post(change_url(entry), posted(entry, image=fake))
    assert response.status_code == 200
    assert "isn&#x27;t a picture we can use" in response.content.decode()
    entry.refresh_from_db()
    assert not entry.image
