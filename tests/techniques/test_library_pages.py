"""The therapist's library pages: /library/ with search, filters and pages; /library/<slug>/."""

from __future__ import annotations

import pytest

from techniques.models import Entry

pytestmark = pytest.mark.django_db


def listed_slugs(response) -> set[str]:
    return {entry.slug for entry in response.context["page"].object_list}


def all_listed_slugs(client, params: str) -> set[str]:
    slugs, page = set(), 1
    while True:
        response = client.get(f"/library/?{params}&page={page}")
        slugs |= listed_slugs(response)
        if not response.context["page"].has_next():
            return slugs
        page += 1


def test_library_lists_published_entries_in_pages_of_twelve(therapist_client):
    response = therapist_client.get("/library/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12
    assert "28 entries." in response.content.decode()


def test_unpublished_entries_are_neither_listed_nor_shown(therapist_client):
    Entry.objects.filter(slug="glute-foam-roll").update(published=False)
    assert "glute-foam-roll" not in all_listed_slugs(therapist_client, "")
    assert therapist_client.get("/library/glute-foam-roll/").status_code == 404


def test_search_finds_entries_by_name_and_steps(therapist_client):
    slugs = all_listed_slugs(therapist_client, "q=piriformis")
    assert {"piriformis-trigger-point", "passive-piriformis-stretch"} <= slugs
    assert "lumbar-ql-deep-tissue" not in slugs


def test_pattern_filter_gives_sciatica_techniques_and_self_care(therapist_client):
    slugs = all_listed_slugs(therapist_client, "pattern=sciatica")
    assert {"assisted-sciatic-nerve-slider", "towel-hamstring-stretch", "daily-walking"} <= slugs
    assert "kneeling-hip-flexor-stretch" not in slugs
    assert "abdominal-psoas-release" not in slugs


def test_pattern_and_region_filters_combine(therapist_client):
    slugs = all_listed_slugs(therapist_client, "pattern=psoas&region=AHIP")
    assert slugs == {
        "anterior-hip-iliopsoas-release",
        "hip-flexor-myofascial-release",
        "assisted-hip-flexor-stretch",
        "hip-range-of-motion",
        "kneeling-hip-flexor-stretch",
        "standing-hip-flexor-stretch",
    }


def test_deep_gluteal_pattern_filter(therapist_client):
    slugs = all_listed_slugs(therapist_client, "pattern=deep_gluteal&kind=self_care")
    assert slugs == {
        "supine-figure-four-stretch",
        "seated-piriformis-stretch",
        "glute-foam-roll",
        "movement-breaks",
        "daily-walking",
        "heat-pack",
    }


def test_modality_and_kind_filters(therapist_client):
    slugs = all_listed_slugs(therapist_client, "modality=NEURAL")
    assert slugs == {"assisted-sciatic-nerve-slider", "sciatic-nerve-slider-home"}
    assert all_listed_slugs(therapist_client, "kind=technique&modality=LIGHT") == {
        "swedish-warmup-lumbar-gluteal",
        "lower-leg-effleurage",
    }


@pytest.mark.parametrize(
    "params", ["region=NOPE", "pattern=%00", "page=999", "page=abc", "q=" + "x" * 500]
)
def test_bad_filter_values_never_give_a_500(therapist_client, params):
    assert therapist_client.get(f"/library/?{params}").status_code == 200


def test_no_match_shows_a_helpful_empty_state(therapist_client):
    html = therapist_client.get("/library/?q=zzzz-nothing").content.decode()
    assert "Nothing matches these filters." in html
    assert "Show the whole library" in html


def test_detail_shows_steps_cautions_minutes_diagram_and_blocking_conditions(therapist_client):
    html = therapist_client.get("/library/abdominal-psoas-release/").content.decode()
    entry = Entry.objects.get(slug="abdominal-psoas-release")
    assert entry.step_list[0] in html.replace("&#x27;", "'")
    assert "8 minutes" in html
    assert 'role="img"' in html and "<svg" in html
    for code in ("CI01", "CI06", "CI07", "CI08", "CI09", "CI10", "CI11", "CI12", "CI21", "CI23"):
        assert f"({code})" in html
    assert "(CI17)" not in html  # varicose veins block the legs, not the belly


def test_detail_of_self_care_shows_its_dose(therapist_client):
    html = therapist_client.get("/library/knee-to-chest-stretch/").content.decode()
    assert "Hold 20–30 seconds, 3 times each side, daily" in html


def test_advice_is_blocked_only_by_site_conditions_on_its_region(therapist_client):
    html = therapist_client.get("/library/heat-pack/").content.decode()
    assert "(CI15)" in html and "(CI19)" in html
    assert "(CI02)" not in html and "(CI01)" not in html
    assert "Nothing blocks it" in therapist_client.get("/library/daily-walking/").content.decode()


def test_extra_contraindication_listed_by_admin_shows_on_the_entry(therapist_client):
    entry = Entry.objects.get(slug="daily-walking")
    entry.extra_contraindications.add("CI03")
    html = therapist_client.get("/library/daily-walking/").content.decode()
    assert "(CI03)" in html


def test_region_diagram_is_served_as_svg(therapist_client):
    response = therapist_client.get("/library/glute-foam-roll/diagram.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def make_entries(count: int) -> None:
    Entry.objects.bulk_create(
        Entry(
            slug=f"extra-{n}",
            name=f"Extra entry {n}",
            kind="self_care",
            regions=["GLUT"],
            modality="STRETCH",
            patterns=["sciatica"],
            summary="A test entry.",
            steps="One\nTwo",
            published=True,
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/library/",
        "/library/?pattern=sciatica&region=GLUT",
        "/library/?q=hamstrng",
        "/library/?q=testt",  # a typo of a word in every added entry
        "/library/glute-foam-roll/",
    ],
)
def test_library_pages_use_the_same_queries_with_28_or_280_entries(
    therapist_client, url, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        therapist_client.get(url)
    make_entries(252)
    with CaptureQueriesContext(connection) as large:
        therapist_client.get(url)
    assert len(large) == len(small)
    assert len(large) <= 10


def test_a_site_admin_without_a_practice_may_browse_the_library(admin_client):
    assert admin_client.get("/library/").status_code == 200
