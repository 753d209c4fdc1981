"""Uploaded pictures: the practice logo on /practice/, and what the library admin lacked.

Every bad upload (a decompression bomb, a text file called .png, an SVG, a file over
5 MB, a cut-short picture) is refused with its message beside the field, the rest of
what was typed stays on the page, and the stored picture is left alone. An accepted
photo is stored as a fresh copy with no EXIF, so no GPS position leaves the camera.
The library image's refusals are in tests/techniques/test_admin.py; this module adds the
real 5 MB limit and the message's place on the admin page.
"""

from __future__ import annotations

import html as html_text
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clinic import images
from clinic.models import Practice
from techniques.models import Entry
from tests.techniques.test_admin import ADD, form_data, jpeg_with_gps, picture

pytestmark = pytest.mark.django_db

PRACTICE_URL = "/practice/"
OVER_5_MB = images.MAX_UPLOAD_BYTES + 1


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def bomb() -> bytes:
    """A few kilobytes of PNG whose header claims 6000 × 5000 = 30 megapixels."""
    content = picture("PNG", size=(6000, 5000), mode="1")
    assert len(content) < 100_000
    return content


def oversized() -> bytes:
    """A real picture padded past 5 MB (a PNG reader ignores what follows IEND)."""
    content = picture("PNG", size=(40, 30))
    return content + b"\0" * (OVER_5_MB - len(content))


BAD_UPLOADS = [
    pytest.param(bomb, "huge.png", "image/png", images.TOO_MANY_PIXELS, id="decompression-bomb"),
    pytest.param(
        lambda: b"Dear diary, this is not a picture at all.",
        "notes.png",
        "image/png",
        images.NOT_A_PICTURE,
        id="text-called-png",
    ),
    pytest.param(
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
        ),
        "logo.svg",
        "image/svg+xml",
        images.NOT_A_PICTURE,
        id="svg",
    ),
    pytest.param(oversized, "big.png", "image/png", images.TOO_LARGE, id="over-5-mb"),
    pytest.param(
        lambda: picture("PNG", size=(40, 30))[:-20],
        "cut.png",
        "image/png",
        images.NOT_A_PICTURE,
        id="truncated",
    ),
]


def error_beside(html: str, field: str) -> str:
    """The error text crispy puts right under the field's input (tags stripped)."""
    match = re.search(
        rf'<input[^>]*id="id_{field}"[^>]*>\s*(?:<[^>]*>\s*)*?'
        rf'<(?:span|div|p)[^>]*id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>',
        html,
        re.DOTALL,
    )
    assert match, f"no error next to the {field} input"
    return html_text.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


# --- The practice logo -------------------------------------------------------------------


def practice_data(practice: Practice, **changes) -> dict:
    data = {
        "name": practice.name,
        "address": practice.address,
        "phone": practice.phone,
        "email": practice.email,
        "website": practice.website,
        "time_zone": practice.time_zone,
    }
    data.update(changes)
    return data


@pytest.fixture
def practice_with_logo(practice):
    practice.logo = ContentFile(picture("PNG", size=(30, 20)), name="old-logo.png")
    practice.save()
    return practice


@pytest.mark.parametrize(("make", "name", "content_type", "message"), BAD_UPLOADS)
def test_a_bad_logo_is_refused_beside_the_field_and_what_was_typed_kept(
    owner_client, practice_with_logo, make, name, content_type, message
):
    stored = practice_with_logo.logo.name
    response = owner_client.post(
        PRACTICE_URL,
        {
            **practice_data(practice_with_logo, name="Riverside Massage & Movement"),
            "logo": upload(make(), name, content_type),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "logo") == message
    assert 'value="Riverside Massage &amp; Movement"' in html
    practice_with_logo.refresh_from_db()
    assert practice_with_logo.name == "Riverside Massage"
    assert practice_with_logo.logo.name == stored


def test_a_logo_photo_with_gps_is_stored_without_any_exif(owner_client, practice):
    original = jpeg_with_gps(size=(60, 30), orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS block
    response = owner_client.post(
        PRACTICE_URL,
        {**practice_data(practice), "logo": upload(original, "IMG_0042.jpg", "image/jpeg")},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.logo.name.startswith("practice-logos/IMG_0042")
    with practice.logo.open("rb") as stored:
        data = stored.read()
    stored_picture = Image.open(io.BytesIO(data))
    assert stored_picture.format == "JPEG"
    assert stored_picture.size == (30, 60)  # turned upright, then the tag dropped
    assert not stored_picture.getexif()
    assert "exif" not in stored_picture.info
    assert b"PhoneMaker" not in data


def test_a_good_png_logo_replaces_the_old_one(owner_client, practice_with_logo):
    response = owner_client.post(
        PRACTICE_URL,
        {
            **practice_data(practice_with_logo),
            "logo": upload(picture("PNG", size=(80, 40)), "new.png", "image/png"),
        },
    )
    assert response.status_code == 302
    practice_with_logo.refresh_from_db()
    assert practice_with_logo.logo.name.startswith("practice-logos/new")
    with practice_with_logo.logo.open("rb") as stored:
        assert Image.open(stored).size == (80, 40)


def test_a_therapist_cannot_change_the_logo(therapist_client, practice):
    response = therapist_client.post(
        PRACTICE_URL,
        {**practice_data(practice), "logo": upload(picture(), "mine.png", "image/png")},
    )
    assert response.status_code in {403, 404}
    practice.refresh_from_db()
    assert not practice.logo


# --- The library image in the admin: what tests/techniques/test_admin.py leaves out ------


def admin_error_beside_image(html: str) -> str:
    row = re.search(r'<div class="form-row[^"]*field-image[^"]*">(.*?)</fieldset>', html, re.S)
    assert row, "no image row on the admin page"
    errors = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', row.group(1), re.S)
    assert errors, "no error in the image row"
    return html_text.unescape(re.sub(r"<[^>]+>", "", errors.group(1))).strip()


@pytest.mark.parametrize(
    ("make", "name", "content_type", "message"),
    [
        pytest.param(oversized, "big.png", "image/png", images.TOO_LARGE, id="over-5-mb"),
        pytest.param(
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "diagram.svg",
            "image/svg+xml",
            images.NOT_A_PICTURE,
            id="svg-as-svg",
        ),
    ],
)
def test_the_library_image_refusal_sits_in_the_image_row(
    admin_client, make, name, content_type, message
):
    before = Entry.objects.count()
    response = admin_client.post(
        ADD, {**form_data(name="Seated hip hinge"), "image": upload(make(), name, content_type)}
    )
    assert response.status_code == 200
    assert admin_error_beside_image(response.content.decode()) == message
    assert response.context["adminform"].form["name"].value() == "Seated hip hinge"
    assert Entry.objects.count() == before
