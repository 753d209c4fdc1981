"""Per-client doses on a sheet (SCREENING.md section 4, rule 6): outside the usual range a
dose needs the therapist's confirmation and is printed as set; beyond twice the top of a
range, or a heat pack over 20 minutes, it is refused; the steps never contradict it."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clients.documents import item_document, steps_for_dose
from clients.models import SheetItem
from techniques.doses import dose_check
from techniques.models import DOSE_FIELDS, Entry
from tests.clients.sheet_helpers import PSOAS_SIGNS, builder_data, draft_for, screened_client
from tests.clients.sheet_helpers import sheet_url as url_of

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


def index_of(sheet, slug: str) -> int:
    return [item.entry.slug for item in sheet.items.select_related("entry")].index(slug)


@pytest.fixture
def sheet(practice, therapist):
    client = screened_client(practice, symptoms=PSOAS_SIGNS)
    return draft_for(client, therapist)


def test_a_dose_outside_the_usual_range_asks_for_a_confirmation(therapist_client, sheet):
    n = index_of(sheet, "kneeling-hip-flexor-stretch")
    response = therapist_client.post(url_of(sheet), builder_data(sheet, **{f"{n}-hold_min": "90"}))
    text = page(response)
    assert "outside the usual 10–60 seconds" in text and "I meant this dose" in text
    item = sheet.items.get(entry__slug="kneeling-hip-flexor-stretch")
    assert item.hold_min == 30  # nothing saved until it is confirmed
    data = builder_data(sheet, **{f"{n}-hold_min": "90", f"{n}-confirm_dose": "on"})
    therapist_client.post(url_of(sheet), data)
    item.refresh_from_db()
    assert item.hold_min == 90
    # Confirmed once, it stays confirmed: saving the note again needs no new tick.
    response = therapist_client.post(url_of(sheet), builder_data(sheet, note="Little and often."))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("slug", "field", "value", "words"),
    [
        ("kneeling-hip-flexor-stretch", "hold_min", "121", "more than twice the usual top"),
        ("kneeling-hip-flexor-stretch", "repetitions", "9", "more than twice the usual top"),
        ("heat-pack", "hold_max", "25", "20 minutes at most"),
    ],
)
def test_a_dose_far_beyond_the_range_is_refused_even_when_confirmed(
    therapist_client, sheet, slug, field, value, words
):
    n = index_of(sheet, slug)
    data = builder_data(sheet, **{f"{n}-{field}": value, f"{n}-confirm_dose": "on"})
    response = therapist_client.post(url_of(sheet), data)
    assert words in page(response)
    item = sheet.items.get(entry__slug=slug)
    assert str(getattr(item, field)) != value


def test_the_steps_take_their_numbers_from_the_dose(sheet):
    item = sheet.items.select_related("entry").get(entry__slug="knee-to-chest-stretch")
    item.hold_min, item.hold_max, item.repetitions = 15, 20, 2
    doc = item_document(item.entry, item)
    steps = " ".join(doc["steps"])
    assert "Hold for 15 to 20 seconds" in steps and "Do this 2 times" in steps
    assert "20 to 30" not in steps and "3 times" not in steps
    assert doc["dose"].startswith("Hold 15–20 seconds, 2 times")


def test_an_unchanged_dose_keeps_the_steps_as_written(sheet):
    item = sheet.items.select_related("entry").get(entry__slug="knee-to-chest-stretch")
    assert steps_for_dose(item.entry, item) == item.entry.step_list


@given(seconds=st.integers(min_value=10, max_value=60), times=st.integers(2, 4))
def test_no_shipped_stretch_keeps_a_number_of_its_default_dose_once_changed(seconds, times):
    for entry in Entry.objects.self_care().filter(modality="STRETCH"):
        dose = SheetItem(entry=entry, **{name: getattr(entry, name) for name in DOSE_FIELDS})
        dose.hold_min, dose.hold_max, dose.repetitions = seconds, None, times
        steps = " ".join(steps_for_dose(entry, dose))
        assert f"{seconds} seconds" in steps, entry.slug
        if entry.repetitions and entry.repetitions != times:
            assert f"{entry.repetitions} times" not in steps, entry.slug


@pytest.mark.parametrize(
    ("slug", "modality", "dose", "confirm", "refuse"),
    [
        ("towel-hamstring-stretch", "STRETCH", {"hold_min": 30, "repetitions": 3}, 0, 0),
        ("towel-hamstring-stretch", "STRETCH", {"hold_min": 5, "repetitions": 3}, 1, 0),
        ("towel-hamstring-stretch", "STRETCH", {"hold_min": 30, "repetitions": 6}, 1, 0),
        ("glute-foam-roll", "DEEP", {"hold_min": 200}, 1, 0),
        ("glute-foam-roll", "DEEP", {"hold_min": 241}, 0, 1),
        ("heat-pack", "ADVICE", {"hold_min": 15, "hold_max": 20, "hold_unit": "min"}, 0, 0),
        ("heat-pack", "ADVICE", {"hold_min": 21, "hold_unit": "min"}, 0, 1),
        ("heat-pack", "ADVICE", {"hold_min": 10, "hold_unit": "min"}, 1, 0),
    ],
)
def test_dose_check_follows_the_ranges(slug, modality, dose, confirm, refuse):
    values = dict.fromkeys(DOSE_FIELDS)
    values.update({"hold_unit": "s", **dose})
    found = dose_check(slug, modality, type("Dose", (), values))
    assert (len(found[0]), len(found[1])) == (confirm, refuse)
