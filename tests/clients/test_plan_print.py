"""The printed session plan names the patterns the session addresses (the client's likely
patterns from the current screening) and the side, from the intake's pain map."""

from __future__ import annotations

import pytest

from clients.models import PlanItem
from clients.services.plans import treated_side
from techniques.models import Entry
from tests.factories import ClientFactory, IntakeFactory, NoteFactory, SessionFactory

pytestmark = pytest.mark.django_db

PSOAS_SIGNS = ["PS01", "PS02", "PS04"]  # likely psoas-related pain
DEEP_GLUTEAL_SIGNS = ["SC07", "SC09"]  # likely deep gluteal / piriformis


def printout(http, practice, therapist, **intake):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, **intake)
    session = SessionFactory(client=client, therapist=therapist)
    entry = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    PlanItem.objects.create(session=session, entry=entry, position=0, minutes=10)
    response = http.get(session.step_url("plan_print"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_printout_names_the_likely_patterns_and_the_side(therapist_client, practice, therapist):
    html = printout(
        therapist_client,
        practice,
        therapist,
        symptoms=PSOAS_SIGNS + DEEP_GLUTEAL_SIGNS,
        pain_regions=["front_hip_left", "buttock_left", "low_back"],
    )
    assert (
        "<strong>Addresses:</strong> psoas-related pain; deep gluteal / piriformis · "
        "<strong>Side:</strong> left</p>"
    ) in html


def test_pain_marked_on_both_sides_prints_both_sides(therapist_client, practice, therapist):
    html = printout(
        therapist_client,
        practice,
        therapist,
        symptoms=PSOAS_SIGNS,
        pain_regions=["front_hip_right", "calf_left"],
    )
    assert "<strong>Addresses:</strong> psoas-related pain · <strong>Side:</strong> both sides" in (
        html
    )


def test_without_a_sided_pain_or_a_likely_pattern_the_printout_says_so(
    therapist_client, practice, therapist
):
    html = printout(
        therapist_client, practice, therapist, symptoms=["PS01"], pain_regions=["low_back"]
    )
    assert (
        "<strong>Addresses:</strong> no likely pattern from the signs reported · "
        "side not recorded</p>"
    ) in html
    assert "<strong>Side:</strong>" not in html


def test_a_client_who_must_not_be_treated_gets_no_addresses_line(
    therapist_client, practice, therapist
):
    html = printout(
        therapist_client,
        practice,
        therapist,
        symptoms=PSOAS_SIGNS,
        red_flags=["RF01"],
        pain_regions=["front_hip_left"],
    )
    assert "Do not treat." in html and "Addresses:" not in html


def test_a_signed_note_prints_what_was_done_without_todays_patterns(
    therapist_client, practice, therapist
):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=PSOAS_SIGNS, pain_regions=["front_hip_left"])
    session = SessionFactory(client=client, therapist=therapist)
    NoteFactory(session=session, signed_by=therapist, signed_at=session.start, plan_snapshot=[])
    html = therapist_client.get(session.step_url("plan_print")).content.decode()
    assert "What was done" in html and "Addresses:" not in html


def test_another_practice_gets_404_for_the_printout(outsider_client, practice, therapist):
    client = ClientFactory(practice=practice)
    IntakeFactory(client=client, symptoms=PSOAS_SIGNS)
    session = SessionFactory(client=client, therapist=therapist)
    assert outsider_client.get(session.step_url("plan_print")).status_code == 404


@pytest.mark.parametrize(
    ("regions", "side"),
    [
        ([], None),
        (["low_back", "abdomen"], None),
        (["foot_right"], "right"),
        (["groin_left", "knee_left"], "left"),
        (["groin_left", "back_thigh_right"], "both"),
        (["not_a_region", "calf_left"], "left"),
    ],
)
def test_the_side_comes_from_the_sided_regions_of_the_pain_map(regions, side):
    assert treated_side(regions) == side
