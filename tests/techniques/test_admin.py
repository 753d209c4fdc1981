"""Library admin: the entry list, add and change pages, uploads, dose warnings, the
contraindication wording admin, and who may reach any of it."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageFile

from clinic import images
from clinic.images import clean_uploaded_image
from techniques import vocabulary as vocab
from techniques.doses import dose_warnings
from techniques.models import Contraindication, Entry, Kind

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/techniques/entry/"
ADD = "/admin/techniques/entry/add/"
CI_CHANGELIST = "/admin/techniques/contraindication/"
NOT_A_PICTURE = "That file isn&#x27;t a picture we can use"


def change_url(entry: Entry) -> str:
    return f"/admin/techniques/entry/{entry.pk}/change/"


def listed(response) -> set[str]:
    return {entry.slug for entry in response.context["cl"].result_list}


def form_data(entry: Entry | None = None, **overrides) -> dict:
    """Everything the add/change page posts, for a new self-care stretch by default."""
    data = {
        "kind": "self_care",
        "name": "Wall calf stretch",
        "slug": "wall-calf-stretch",
        "regions": ["LLEG"],
        "modality": "STRETCH",
        "indications": [],
        "role": "",
        "default_minutes": "",
        "patterns": ["sciatica"],
        "summary": "Leaning on a wall, back leg straight, to stretch the calf gently.",
        "steps": "Face a wall.\nStep one foot back.\nLean in until the calf feels mildly tight.",
        "cautions": "Stop if the pain spreads down your leg.",
        "hold_min": "30",
        "hold_max": "",
        "hold_unit": "s",
        "repetitions": "3",
        "sets": "",
        "per_side": "on",
        "frequency": "daily",
        "dose_note": "",
        "image_alt": "",
        "published": "on",
        "needs_client_switch": "",
        "extra_contraindications": [],
        "_save": "Save",
    }
    if entry is not None:
        data.update(
            {
                field: getattr(entry, field)
                for field in ("kind", "name", "slug", "modality", "summary", "steps")
            }
            | {
                "regions": entry.regions,
                "indications": entry.indications,
                "patterns": entry.patterns,
                "role": entry.role,
                "default_minutes": entry.default_minutes or "",
                "cautions": entry.cautions,
                "hold_min": entry.hold_min or "",
                "hold_max": entry.hold_max or "",
                "hold_unit": entry.hold_unit,
                "repetitions": entry.repetitions or "",
                "sets": entry.sets or "",
                "per_side": "on" if entry.per_side else "",
                "frequency": entry.frequency,
                "dose_note": entry.dose_note,
                "published": "on" if entry.published else "",
                "needs_client_switch": "on" if entry.needs_client_switch else "",
            }
        )
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ("", None)}


def picture(fmt: str = "PNG", size=(40, 30), mode: str = "RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "teal" if mode != "1" else 0).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps(size=(60, 30), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    return picture("JPEG", size=size, exif=exif)


def warnings_in(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def successes_in(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


# --- The entry list ----------------------------------------------------------------


def test_changelist_lists_the_whole_starting_library_with_small_drawings(admin_client):
    response = admin_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["cl"].result_count == 28
    wide = '<span class="library-thumb library-thumb-wide"><svg width="76" height="44"'
    assert html.count(wide) == 28
    assert 'href="/library/piriformis-trigger-point/"' in html
    assert "techniques/admin.css" in html


def test_changelist_shows_an_uploaded_picture_as_a_small_image(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    entry.image = ContentFile(picture(), name="heat.png")
    entry.image_alt = "A warm pack on the low back"
    entry.save()
    html = admin_client.get(CHANGELIST).content.decode()
    assert (
        f'<img src="{entry.image.url}" alt="A warm pack on the low back" class="library-thumb"'
        in (html)
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind__exact": "self_care"}, lambda: Entry.objects.self_care()),
        ({"region": "GLUT"}, lambda: Entry.objects.filter(regions__contains="GLUT")),
        ({"modality__exact": "NEURAL"}, lambda: Entry.objects.filter(modality="NEURAL")),
        (
            {"needs_client_switch__exact": "1"},
            lambda: Entry.objects.filter(slug="psoas-ball-release"),
        ),
        ({"indication": "PS04"}, lambda: Entry.objects.filter(indications__contains="PS04")),
        ({"pattern": "psoas"}, lambda: Entry.objects.for_pattern("psoas")),
        ({"pattern": "all"}, lambda: Entry.objects.filter(patterns__contains="all")),
        (
            {"kind__exact": "technique", "modality__exact": "DEEP", "indication": "SC07"},
            lambda: Entry.objects.filter(
                slug__in=["piriformis-trigger-point", "gluteal-pin-and-stretch"]
            ),
        ),
    ],
    ids=[
        "kind",
        "region",
        "modality",
        "switch",
        "indication",
        "pattern",
        "pattern-all",
        "combined",
    ],
)
def test_changelist_filters_give_the_matching_entries(admin_client, params, expected):
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert listed(response) == {entry.slug for entry in expected()}
    assert len(listed(response)) > 0


def test_indication_filter_offers_every_sign_and_finds_psoas_sign_entries(admin_client):
    response = admin_client.get(CHANGELIST, {"indication": "PS04"})
    html = response.content.decode()
    assert "?indication=SC09" in html
    assert listed(response) == {
        "anterior-hip-iliopsoas-release",
        "abdominal-psoas-release",
        "hip-flexor-myofascial-release",
        "assisted-hip-flexor-stretch",
        "hip-range-of-motion",
    }


def test_pattern_filter_includes_advice_for_everyone(admin_client):
    for pattern in ("psoas", "sciatica", "deep_gluteal"):
        shown = listed(admin_client.get(CHANGELIST, {"pattern": pattern}))
        assert {"movement-breaks", "daily-walking", "heat-pack"} <= shown
    assert "psoas-ball-release" not in listed(admin_client.get(CHANGELIST, {"pattern": "sciatica"}))


def test_published_filter_separates_drafts(admin_client):
    Entry.objects.filter(slug__in=["heat-pack", "daily-walking"]).update(published=False)
    drafts = listed(admin_client.get(CHANGELIST, {"published__exact": "0"}))
    live = listed(admin_client.get(CHANGELIST, {"published__exact": "1"}))
    assert drafts == {"heat-pack", "daily-walking"}
    assert len(live) == 26


def test_search_for_piriformis_finds_the_entries_that_mention_it(admin_client):
    shown = listed(admin_client.get(CHANGELIST, {"q": "piriformis"}))
    assert shown == set(Entry.objects.containing("piriformis").values_list("slug", flat=True))
    assert {"piriformis-trigger-point", "passive-piriformis-stretch"} <= shown
    assert "lower-leg-effleurage" not in shown


def test_search_also_matches_slugs_and_steps(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    entry.steps += "\nWrap it in a tea towel first."
    entry.save()
    assert listed(admin_client.get(CHANGELIST, {"q": "tea towel"})) == {"heat-pack"}
    assert listed(admin_client.get(CHANGELIST, {"q": "ql-deep"})) == {"lumbar-ql-deep-tissue"}


def test_changelist_queries_stay_bounded_from_28_to_280_entries(
    admin_client, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        admin_client.get(CHANGELIST)
    Entry.objects.bulk_create(
        Entry(
            kind=Kind.SELF_CARE,
            name=f"Extra item {n:03}",
            slug=f"extra-item-{n:03}",
            regions=["GLUT"] if n % 2 else [],
            modality="ADVICE",
            patterns=["all"],
            summary="An extra item.",
            steps="Do it.",
            image=f"library/extra-{n}.png" if n % 3 == 0 else "",
        )
        for n in range(252)
    )
    assert Entry.objects.count() == 280
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 280
    assert len(small.captured_queries) <= 8
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        response = admin_client.get(CHANGELIST, {"pattern": "all", "q": "item"})
    assert response.context["cl"].result_count == 252


# --- Adding and changing entries -----------------------------------------------------


def test_add_page_shows_the_plain_fieldsets_and_a_diagram_preview(admin_client):
    html = admin_client.get(ADD).content.decode()
    for heading in (
        "What it is",
        "Where and how",
        "In a session",
        "On self-care sheets",
        "Words",
        "Illustration",
        "Safety",
        "Publishing",
    ):
        assert f">{heading}</h2>" in html
    assert '<div class="library-diagram"><svg' in html
    assert 'id="id_extra_contraindications"' in html
    assert "SelectFilter2.js" in html
    assert "prepopulate" in html


def test_add_page_creates_an_entry_with_its_extra_contraindications(admin_client):
    before = Entry.objects.count()
    response = admin_client.post(
        ADD, form_data(extra_contraindications=["CI17", "CI14"], indications=[])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Entry.objects.count() == before + 1
    entry = Entry.objects.get(slug="wall-calf-stretch")
    assert entry.kind == Kind.SELF_CARE
    assert entry.patterns == ["sciatica"]
    assert entry.hold_min == 30 and entry.repetitions == 3 and entry.per_side
    assert entry.published
    assert set(entry.extra_contraindications.values_list("code", flat=True)) == {"CI14", "CI17"}
    assert entry.get_absolute_url() == "/library/wall-calf-stretch/"
    page = admin_client.get("/library/wall-calf-stretch/")
    assert page.status_code == 200
    assert "Wall calf stretch" in page.content.decode()


def test_an_entry_added_as_a_draft_stays_off_the_library(admin_client):
    response = admin_client.post(ADD, form_data(published=""))
    assert response.status_code == 302
    assert not Entry.objects.get(slug="wall-calf-stretch").published
    assert admin_client.get("/library/wall-calf-stretch/").status_code == 404


def test_add_page_creates_a_session_technique(admin_client):
    response = admin_client.post(
        ADD,
        form_data(
            kind="technique",
            name="Calf kneading",
            slug="calf-kneading",
            modality="LIGHT",
            role="finish",
            default_minutes="5",
            indications=["SC02", "SC03"],
            patterns=[],
            hold_min="",
            hold_unit="",
            repetitions="",
            per_side="",
        ),
    )
    assert response.status_code == 302
    entry = Entry.objects.get(slug="calf-kneading")
    assert (entry.role, entry.default_minutes, entry.indications) == ("finish", 5, ["SC02", "SC03"])


def test_change_page_saves_edits(admin_client):
    entry = Entry.objects.get(slug="towel-hamstring-stretch")
    response = admin_client.get(change_url(entry))
    assert response.status_code == 200
    assert 'href="/library/towel-hamstring-stretch/"' in response.content.decode()
    response = admin_client.post(
        change_url(entry),
        form_data(entry, name="Towel hamstring stretch (lying)", frequency="twice a day"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.name == "Towel hamstring stretch (lying)"
    assert entry.frequency == "twice a day"
    assert entry.slug == "towel-hamstring-stretch"


def test_change_page_shows_created_and_updated_read_only(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    form = admin_client.get(change_url(entry)).context["adminform"].form
    assert "created" not in form.fields and "updated" not in form.fields
    assert "diagram_preview" not in form.fields


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "technique", "patterns": []}, "role", "needs its place in a plan"),
        ({"kind": "technique", "role": "main"}, "default_minutes", "needs the minutes"),
        ({"role": "finish"}, "role", "leave this empty"),
        ({"hold_min": "40", "hold_max": "20"}, "hold_max", "can't be shorter"),
        ({"hold_min": "", "hold_max": "20"}, "hold_min", "Give the hold time here"),
        ({"hold_unit": ""}, "hold_unit", "seconds or minutes"),
    ],
    ids=["technique-role", "technique-minutes", "self-care-role", "range", "max-only", "unit"],
)
def test_incoherent_entries_are_refused_beside_the_field(admin_client, overrides, field, message):
    before = Entry.objects.count()
    response = admin_client.post(ADD, form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert Entry.objects.count() == before


def test_client_switch_is_fine_on_a_session_technique(admin_client):
    response = admin_client.post(
        ADD,
        form_data(
            kind="technique",
            role="main",
            default_minutes="8",
            patterns=[],
            needs_client_switch="on",
        ),
    )
    assert response.status_code == 302


# --- What screening reads: the safety fields ----------------------------------------

SAFETY_FIELDS = {"kind", "regions", "modality", "needs_client_switch", "extra_contraindications"}


def extras(entry: Entry) -> set[str]:
    return set(entry.extra_contraindications.values_list("code", flat=True))


def admin_added_entry(admin_client, **overrides) -> Entry:
    response = admin_client.post(ADD, form_data(**overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Entry.objects.get(slug="wall-calf-stretch")
    assert not entry.is_shipped and entry.first_used is None
    return entry


def test_region_filter_finds_the_swedish_warm_up_under_both_its_regions(admin_client):
    for region in ("LUMB", "GLUT"):
        assert "swedish-warmup-lumbar-gluteal" in listed(
            admin_client.get(CHANGELIST, {"region": region})
        )
    assert "swedish-warmup-lumbar-gluteal" not in listed(
        admin_client.get(CHANGELIST, {"region": "PTHI"})
    )
    html = admin_client.get(CHANGELIST, {"region": "GLUT"}).content.decode()
    assert ">GLUT, LUMB</abbr>" in html


def test_a_shipped_entrys_safety_fields_are_read_only(admin_client):
    entry = Entry.objects.get(slug="psoas-ball-release")
    assert entry.is_shipped
    assert (entry.kind, entry.regions, entry.modality) == ("self_care", ["ABD"], "DEEP")
    assert entry.needs_client_switch
    form = admin_client.get(change_url(entry)).context["adminform"].form
    assert not SAFETY_FIELDS & set(form.fields)
    assert "summary" in form.fields

    response = admin_client.post(
        change_url(entry),
        form_data(
            entry,
            name="Psoas ball release (gentle)",
            kind="technique",
            regions=["LUMB"],
            modality="LIGHT",
            needs_client_switch="",
            extra_contraindications=["CI03"],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.name == "Psoas ball release (gentle)"  # the rest of the page saved
    assert (entry.kind, entry.regions, entry.modality) == ("self_care", ["ABD"], "DEEP")
    assert entry.needs_client_switch  # the psoas ball stays switched
    assert extras(entry) == set()


def test_an_admin_added_entrys_safety_fields_can_be_edited_before_first_use(admin_client):
    entry = admin_added_entry(admin_client, extra_contraindications=["CI17"])
    form = admin_client.get(change_url(entry)).context["adminform"].form
    assert set(form.fields) >= SAFETY_FIELDS

    response = admin_client.post(
        change_url(entry),
        form_data(
            entry,
            regions=["PTHI", "LLEG"],
            modality="NEURAL",
            needs_client_switch="on",
            extra_contraindications=["CI14"],
            hold_min="",
            hold_unit="",
            repetitions="10",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.regions == ["LLEG", "PTHI"]  # stored sorted
    assert entry.modality == "NEURAL"
    assert entry.needs_client_switch
    assert extras(entry) == {"CI14"}  # removing CI17 is fine before first use
    assert entry.first_used is None


def test_once_used_an_admin_added_entry_can_only_get_stricter(admin_client):
    entry = admin_added_entry(admin_client, extra_contraindications=["CI14", "CI17"])
    assert Entry.objects.filter(pk=entry.pk).mark_used() == 1
    entry.refresh_from_db()
    assert entry.first_used is not None
    form = admin_client.get(change_url(entry)).context["adminform"].form
    assert not {"kind", "regions", "modality", "needs_client_switch"} & set(form.fields)
    assert "extra_contraindications" in form.fields

    # Regions and modality are ignored; adding a contraindication works.
    response = admin_client.post(
        change_url(entry),
        form_data(
            entry,
            regions=["ABD"],
            modality="DEEP",
            needs_client_switch="on",
            extra_contraindications=["CI14", "CI17", "CI03"],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert (entry.regions, entry.modality, entry.needs_client_switch) == (
        ["LLEG"],
        "STRETCH",
        False,
    )
    assert extras(entry) == {"CI03", "CI14", "CI17"}

    # Removing one is refused beside the field, and nothing is saved.
    response = admin_client.post(
        change_url(entry),
        form_data(entry, name="Wall calf stretch (renamed)", extra_contraindications=["CI14"]),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["extra_contraindications"]
    assert "can be added to but not removed (CI03, CI17)" in " ".join(
        errors["extra_contraindications"]
    )
    html = response.content.decode()
    field_row = html[html.index("field-extra_contraindications") :]
    assert field_row.index("errorlist") < field_row.index('id="id_extra_contraindications"')
    assert (
        "not removed (CI03, CI17)"
        in field_row[: field_row.index('id="id_extra_contraindications"')]
    )
    entry.refresh_from_db()
    assert extras(entry) == {"CI03", "CI14", "CI17"}
    assert entry.name == "Wall calf stretch"


# --- Publishing -------------------------------------------------------------------------


def test_unpublish_and_publish_actions_change_the_flag_and_say_how_many(admin_client):
    chosen = Entry.objects.filter(slug__in=["heat-pack", "daily-walking", "movement-breaks"])
    pks = [str(pk) for pk in chosen.values_list("pk", flat=True)]
    response = admin_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": pks}, follow=True
    )
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert successes_in(response) == ["3 entries unpublished."]
    assert not chosen.filter(published=True).exists()

    Entry.objects.filter(slug="heat-pack").update(published=True)
    response = admin_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": pks}, follow=True
    )
    assert successes_in(response) == ["2 entries published."]
    assert chosen.filter(published=True).count() == 3


def test_actions_are_offered_with_plain_names(admin_client):
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Publish selected entries" in html
    assert "Unpublish selected entries" in html


# --- Uploads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Dear diary, this is not a picture at all.", "notes.png"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>',
            "drawing.svg",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "drawing.png"),
        (picture("BMP"), "old.png"),
        (picture("PNG")[:60], "cut-short.png"),
    ],
    ids=["text-renamed-png", "svg", "svg-renamed-png", "bmp", "truncated-png"],
)
def test_an_upload_that_is_not_a_usable_picture_is_refused_and_nothing_saved(
    admin_client, content, name
):
    before = Entry.objects.count()
    response = admin_client.post(
        ADD, {**form_data(name="Seated hip hinge"), "image": upload(content, name)}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["image"] == [
        "That file isn't a picture we can use: upload a PNG, JPEG or WebP image."
    ]
    assert NOT_A_PICTURE in response.content.decode()
    assert Entry.objects.count() == before
    # What the admin typed is still there to correct.
    assert form["name"].value() == "Seated hip hinge"
    assert form["summary"].value().startswith("Leaning on a wall")
    assert form["patterns"].value() == ["sciatica"]


def test_an_oversized_upload_is_refused_and_the_stored_picture_kept(admin_client, monkeypatch):
    entry = Entry.objects.get(slug="heat-pack")
    entry.image = ContentFile(picture(), name="heat.png")
    entry.save()
    stored = entry.image.name
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    big = Image.effect_noise((300, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    assert len(buffer.getvalue()) > 1000
    response = admin_client.post(
        change_url(entry),
        {**form_data(entry, frequency="hourly"), "image": upload(buffer.getvalue())},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [images.TOO_LARGE]
    entry.refresh_from_db()
    assert entry.image.name == stored
    assert entry.frequency != "hourly"
    assert response.context["adminform"].form["frequency"].value() == "hourly"


def test_a_decompression_bomb_is_refused_before_it_is_decoded(admin_client):
    # A few kilobytes of PNG whose header claims 6000 × 5000 = 30 megapixels.
    bomb = picture("PNG", size=(6000, 5000), mode="1")
    assert len(bomb) < 100_000
    before = Entry.objects.count()
    response = admin_client.post(ADD, {**form_data(), "image": upload(bomb, "tiny.png")})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [images.TOO_MANY_PIXELS]
    assert Entry.objects.count() == before


@pytest.mark.parametrize("size", [(12, 12), (20, 20)], ids=["pillow-warns", "pillow-refuses"])
def test_pillows_own_bomb_guard_is_treated_as_a_refusal(monkeypatch, size):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError) as refused:
        clean_uploaded_image(upload(picture("PNG", size=size)))
    assert refused.value.messages == [images.TOO_MANY_PIXELS]


def test_a_cut_short_png_is_refused_even_when_pillow_tolerates_truncation(monkeypatch):
    # WeasyPrint switches this on for the whole process when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = picture("PNG", size=(40, 30))
    with pytest.raises(ValidationError) as refused:
        clean_uploaded_image(upload(whole[:-20]))
    assert refused.value.messages == [images.NOT_A_PICTURE]


def test_a_jpeg_with_gps_comes_back_re_encoded_upright_without_exif(admin_client):
    original = jpeg_with_gps(size=(60, 30), orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = admin_client.post(
        ADD,
        {
            **form_data(image_alt="Calf stretch against a wall"),
            "image": upload(original, "IMG_0001.jpg", "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Entry.objects.get(slug="wall-calf-stretch")
    assert entry.image.name.startswith("library/IMG_0001")
    with entry.image.open("rb") as stored:
        data = stored.read()
    assert data != original
    stored_picture = Image.open(io.BytesIO(data))
    assert stored_picture.format == "JPEG"
    assert stored_picture.size == (30, 60)  # the orientation tag was applied, then dropped
    assert not stored_picture.getexif()
    assert "exif" not in stored_picture.info
    assert b"PhoneMaker" not in data


def test_a_large_picture_is_scaled_down_to_2000_pixels(admin_client):
    cleaned = clean_uploaded_image(upload(picture("PNG", size=(2600, 1300)), "wide.png"))
    stored = Image.open(cleaned)
    assert (stored.format, stored.size) == ("PNG", (2000, 1000))
    assert cleaned.name == "wide.png"


@pytest.mark.parametrize(
    ("content", "fmt", "mode"),
    [
        (picture("PNG", mode="RGBA"), "PNG", "RGBA"),
        (picture("GIF", mode="P"), "PNG", "RGB"),
        (picture("WEBP"), "JPEG", "RGB"),
        (picture("JPEG"), "JPEG", "RGB"),
    ],
    ids=["png-with-transparency", "gif", "webp", "jpeg"],
)
def test_accepted_formats_are_stored_as_png_or_jpeg(content, fmt, mode):
    stored = Image.open(clean_uploaded_image(upload(content, "x.bin")))
    assert (stored.format, stored.mode) == (fmt, mode)


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    stored = Image.open(clean_uploaded_image(upload(buffer.getvalue(), "a.gif")))
    assert stored.getpixel((5, 5))[:3] == (255, 0, 0)


# --- Dose warnings ------------------------------------------------------------------------


def test_a_90_second_stretch_hold_saves_with_a_warning(admin_client):
    response = admin_client.post(ADD, form_data(hold_min="90"), follow=True)
    assert Entry.objects.filter(slug="wall-calf-stretch", hold_min=90).exists()
    notes = warnings_in(response)
    assert len(notes) == 1
    assert "90 seconds" in notes[0] and "10–30 seconds" in notes[0]
    assert "Saved, but please check the dose" in response.content.decode()


def test_a_30_second_stretch_hold_saves_without_a_warning(admin_client):
    response = admin_client.post(ADD, form_data(hold_min="30"), follow=True)
    assert Entry.objects.filter(slug="wall-calf-stretch").exists()
    assert warnings_in(response) == []


def test_a_three_minute_foam_roll_saves_with_a_warning(admin_client):
    entry = Entry.objects.get(slug="glute-foam-roll")
    response = admin_client.post(
        change_url(entry), form_data(entry, hold_min="3", hold_max="", hold_unit="min"), follow=True
    )
    assert "30–120 seconds per muscle" in " ".join(warnings_in(response))


def test_the_starting_library_doses_raise_no_warnings():
    assert {entry.slug: dose_warnings(entry) for entry in Entry.objects.all()} == {
        entry.slug: [] for entry in Entry.objects.all()
    }


@pytest.mark.parametrize(
    ("fields", "warned"),
    [
        ({"modality": "STRETCH", "hold_min": 10, "repetitions": 2}, False),
        ({"modality": "STRETCH", "hold_min": 30, "hold_max": 60, "repetitions": 4}, False),
        ({"modality": "STRETCH", "hold_min": 5}, True),
        ({"modality": "STRETCH", "hold_min": 30, "hold_max": 90}, True),
        ({"modality": "STRETCH", "hold_min": 2, "hold_unit": "min"}, True),
        ({"modality": "STRETCH", "hold_min": 30, "repetitions": 1}, True),
        ({"modality": "STRETCH", "hold_min": 30, "repetitions": 10}, True),
        ({"modality": "DEEP", "hold_min": 30, "hold_max": 120}, False),
        ({"modality": "DEEP", "hold_min": 2, "hold_unit": "min"}, False),
        ({"modality": "DEEP", "hold_min": 20}, True),
        ({"modality": "DEEP", "hold_min": 60, "hold_max": 180}, True),
        ({"modality": "NEURAL", "repetitions": 10}, False),
        ({"modality": "ADVICE", "hold_min": 15, "hold_max": 20, "hold_unit": "min"}, False),
        ({"kind": "technique", "modality": "STRETCH", "hold_min": 90}, False),
    ],
)
def test_dose_rule_follows_the_stretching_and_foam_rolling_guidance(fields, warned):
    entry = Entry(**{"kind": Kind.SELF_CARE, "hold_unit": "s", **fields})
    assert bool(dose_warnings(entry)) is warned


# --- Contraindication wording ---------------------------------------------------------------


def test_contraindication_list_shows_class_and_blocks_from_the_vocabulary(admin_client):
    response = admin_client.get(CI_CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["cl"].result_count == 23
    row = next(r for r in response.context["cl"].result_list if r.code == "CI06")
    admin = response.context["cl"].model_admin
    assert admin.contraindication_class(row) == "relative"
    assert admin.blocked_regions(row) == "ABD, AHIP"
    assert admin.blocked_modalities(row) == "DEEP"
    ci02 = Contraindication.objects.get(code="CI02")
    assert admin.blocked_regions(ci02) == "all"
    ci15 = Contraindication.objects.get(code="CI15")
    assert admin.blocked_regions(ci15) == "the site the client names"
    assert admin.blocked_modalities(ci15) == "–"
    for heading in ("Class", "Blocks regions", "Blocks modalities"):
        assert heading in html
    assert "/admin/techniques/contraindication/add/" not in html


def test_contraindication_wording_is_shown_but_cannot_be_changed(admin_client):
    # Labels come only from techniques/vocabulary.py: the admin page is for reading.
    url = f"{CI_CHANGELIST}CI08/change/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == set()
    html = response.content.decode()
    assert "relative" in html and "ABD" in html and "pregnancy" in html
    assert 'name="label"' not in html and 'name="client_label"' not in html
    assert 'name="_save"' not in html
    assert "/delete/" not in html

    before = Contraindication.objects.get(code="CI08")
    response = admin_client.post(
        url,
        {
            "code": "CI99",
            "label": "pregnancy (any trimester)",
            "client_label": "being pregnant",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    ci = Contraindication.objects.get(code="CI08")
    assert (ci.label, ci.client_label) == (before.label, before.client_label)
    assert (ci.label, ci.client_label) == (
        vocab.CONTRAINDICATIONS["CI08"].label,
        vocab.CONTRAINDICATIONS["CI08"].client_label,
    )
    assert not Contraindication.objects.filter(code="CI99").exists()


def test_the_contraindication_list_offers_no_editing(admin_client):
    response = admin_client.get(CI_CHANGELIST)
    assert not response.context["cl"].model_admin.has_change_permission(response.wsgi_request)
    assert 'name="_save"' not in response.content.decode()


def test_contraindications_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get(f"{CI_CHANGELIST}add/").status_code == 403
    assert admin_client.get(f"{CI_CHANGELIST}CI08/delete/").status_code == 403
    response = admin_client.post(
        CI_CHANGELIST, {"action": "delete_selected", "_selected_action": ["CI08"]}
    )
    assert Contraindication.objects.filter(code="CI08").exists()
    assert "delete_selected" not in admin_client.get(CI_CHANGELIST).content.decode()
    assert response.status_code in (200, 302)


def test_entry_page_offers_contraindications_side_by_side(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "selectfilter" in html
    assert "CI06 – known aneurysm" in html
    admin_client.post(ADD, form_data())
    entry = Entry.objects.get(slug="wall-calf-stretch")
    html = admin_client.get(change_url(entry)).content.decode()
    assert "selectfilter" in html
    assert "CI06 – known aneurysm" in html


# --- Who may reach the admin ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", CHANGELIST, ADD, CI_CHANGELIST])
def test_a_therapist_is_sent_to_the_admin_login(therapist_client, path):
    response = therapist_client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_therapist_cannot_publish_through_the_admin(therapist_client):
    entry = Entry.objects.get(slug="heat-pack")
    Entry.objects.filter(pk=entry.pk).update(published=False)
    therapist_client.post(CHANGELIST, {"action": "publish", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert not entry.published


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/techniques/entry/")


def test_the_slug_of_an_existing_entry_cannot_be_changed(admin_client):
    entry = Entry.objects.get(slug="heat-pack")
    url = f"/admin/techniques/entry/{entry.pk}/change/"
    assert 'name="slug"' not in admin_client.get(url).content.decode()
    admin_client.post(url, form_data(entry, slug="warm-pack", name="Warm pack"))
    entry.refresh_from_db()
    assert entry.slug == "heat-pack"
    assert entry.name == "Warm pack"
