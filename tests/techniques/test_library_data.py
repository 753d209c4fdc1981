"""`migrate` alone gives the whole starting library, faithful to the clinical contract."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from techniques import vocabulary as vocab
from techniques.checks import contraindication_vocabulary_check, vocabulary_differences
from techniques.models import Contraindication, Entry

pytestmark = pytest.mark.django_db

# slug: (regions, modality, indications, role, minutes) — the project's own copy of the table.
TECHNIQUES = {
    "swedish-warmup-lumbar-gluteal": ("LUMB GLUT", "LIGHT", "PS01 SC07", "warm-up", 10),
    "lumbar-ql-deep-tissue": ("LUMB", "DEEP", "PS01 PS07", "main", 10),
    "anterior-hip-iliopsoas-release": ("AHIP", "DEEP", "PS02 PS03 PS04 PS05", "main", 8),
    "abdominal-psoas-release": ("ABD", "DEEP", "PS01 PS02 PS03 PS04", "main", 8),
    "hip-flexor-myofascial-release": ("AHIP", "DEEP", "PS02 PS03 PS04", "main", 8),
    "assisted-hip-flexor-stretch": ("AHIP", "STRETCH", "PS03 PS04 PS07", "finish", 5),
    "hip-range-of-motion": ("AHIP", "STRETCH", "PS04 PS08", "finish", 5),
    "piriformis-trigger-point": ("GLUT", "DEEP", "SC01 SC07 SC09", "main", 8),
    "gluteal-pin-and-stretch": ("GLUT", "DEEP", "SC07 SC09", "main", 8),
    "passive-piriformis-stretch": ("GLUT", "STRETCH", "SC07 SC09", "finish", 5),
    "side-lying-lumbar-release": ("LUMB", "STRETCH", "PS01 SC05", "main", 6),
    "hamstring-deep-tissue": ("PTHI", "DEEP", "SC05", "main", 8),
    "gentle-hamstring-stretch": ("PTHI", "STRETCH", "SC05", "finish", 5),
    "assisted-sciatic-nerve-slider": ("PTHI", "NEURAL", "SC01 SC02 SC03 SC08", "finish", 5),
    "lower-leg-effleurage": ("LLEG", "LIGHT", "SC02 SC03", "finish", 5),
}
# slug: (regions, modality, patterns, dose in words)
SELF_CARE = {
    "kneeling-hip-flexor-stretch": (
        "AHIP",
        "STRETCH",
        "psoas",
        "hold 30 seconds, 3 times each side, daily",
    ),
    "standing-hip-flexor-stretch": (
        "AHIP",
        "STRETCH",
        "psoas",
        "hold 30 seconds, 3 times each side, daily",
    ),
    "knee-to-chest-stretch": (
        "LUMB",
        "STRETCH",
        "psoas sciatica",
        "hold 20–30 seconds, 3 times each side, daily",
    ),
    "supine-figure-four-stretch": (
        "GLUT",
        "STRETCH",
        "deep_gluteal sciatica",
        "hold 30 seconds, 3 times each side, daily",
    ),
    "seated-piriformis-stretch": (
        "GLUT",
        "STRETCH",
        "deep_gluteal",
        "hold 15 seconds, 3 times each side, several times a day",
    ),
    "towel-hamstring-stretch": (
        "PTHI",
        "STRETCH",
        "sciatica",
        "hold 30 seconds, 3 times each side, daily",
    ),
    "sciatic-nerve-slider-home": ("PTHI", "NEURAL", "sciatica", "10 times each side"),
    "glute-foam-roll": ("GLUT", "DEEP", "deep_gluteal sciatica", "60–90 seconds each side, daily"),
    "hamstring-foam-roll": ("PTHI", "DEEP", "sciatica", "60–90 seconds each side, daily"),
    "psoas-ball-release": ("ABD", "DEEP", "psoas", "60–90 seconds"),
    "movement-breaks": ("", "ADVICE", "all", "1–2 minutes"),
    "daily-walking": ("", "ADVICE", "all", "daily"),
    "heat-pack": ("LUMB", "ADVICE", "all", "15–20 minutes"),
}


def test_migrate_loads_all_28_entries_published():
    assert Entry.objects.count() == 28
    assert set(Entry.objects.published().values_list("slug", flat=True)) == set(TECHNIQUES) | set(
        SELF_CARE
    )


@pytest.mark.parametrize("slug", TECHNIQUES)
def test_session_technique_matches_the_contract(slug):
    regions, modality, indications, role, minutes = TECHNIQUES[slug]
    entry = Entry.objects.get(slug=slug)
    assert (entry.kind, entry.regions, entry.modality, entry.role, entry.default_minutes) == (
        "technique",
        sorted(regions.split()),
        modality,
        role,
        minutes,
    )
    assert entry.indications == indications.split()
    assert entry.patterns == []


@pytest.mark.parametrize("slug", SELF_CARE)
def test_self_care_item_matches_the_contract(slug):
    regions, modality, patterns, dose = SELF_CARE[slug]
    entry = Entry.objects.get(slug=slug)
    assert (entry.kind, entry.regions, entry.modality, entry.role) == (
        "self_care",
        sorted(regions.split()),
        modality,
        "",
    )
    assert entry.patterns == sorted(patterns.split())
    assert dose in entry.dose_text
    assert entry.needs_client_switch == (slug == "psoas-ball-release")


def test_the_swedish_warm_up_works_the_lower_back_and_the_buttocks():
    # The contract: "swedish-warmup-lumbar-gluteal | LUMB, GLUT | LIGHT"; stored sorted.
    entry = Entry.objects.get(slug="swedish-warmup-lumbar-gluteal")
    assert entry.regions == ["GLUT", "LUMB"]
    assert entry.modality == "LIGHT"
    assert Entry.objects.filter(regions__contains="GLUT", slug=entry.slug).exists()
    assert Entry.objects.filter(regions__contains="LUMB", slug=entry.slug).exists()


def test_every_other_entry_keeps_its_single_region_or_none():
    several = {e.slug for e in Entry.objects.all() if len(e.regions) > 1}
    assert several == {"swedish-warmup-lumbar-gluteal"}


@pytest.mark.parametrize("slug", [*TECHNIQUES, *SELF_CARE])
def test_every_entry_has_real_words_in_plain_language(slug):
    entry = Entry.objects.get(slug=slug)
    assert len(entry.summary) > 40
    assert 3 <= len(entry.step_list) <= 7
    assert entry.caution_list
    words = " ".join([entry.name, entry.summary, entry.steps, entry.cautions]).lower()
    for claim in ("cure", "fixes", "heal", "guarantee", "trapped nerve", "prevent"):
        assert not re.search(rf"\b{claim}", words), f"{slug} claims '{claim}'"


@pytest.mark.parametrize("slug", ["abdominal-psoas-release", "psoas-ball-release"])
def test_psoas_work_near_the_aorta_says_stop_at_a_pulse(slug):
    text = Entry.objects.get(slug=slug).cautions.lower()
    assert "pulse" in text or "throbbing" in text


def test_stretching_self_care_respects_the_stretching_guidance():
    for entry in Entry.objects.filter(kind="self_care", modality="STRETCH"):
        assert entry.hold_unit == "s"
        assert 10 <= entry.hold_min <= (entry.hold_max or entry.hold_min) <= 60
        assert 2 <= entry.repetitions <= 4


def test_foam_rolling_stays_within_30_to_120_seconds():
    for entry in Entry.objects.filter(kind="self_care", modality="DEEP"):
        assert 30 <= entry.hold_min <= entry.hold_max <= 120


def test_contraindication_vocabulary_in_the_database_equals_the_screening_constants():
    stored = dict(Contraindication.objects.values_list("code", "label"))
    assert set(stored) == set(vocab.CONTRAINDICATIONS)
    assert len(stored) == 23
    assert contraindication_vocabulary_check(databases=["default"]) == []


def test_system_check_reports_a_missing_and_a_stray_contraindication():
    Contraindication.objects.filter(code="CI08").delete()
    Contraindication.objects.create(code="CI99", label="stray", client_label="stray")
    ids = sorted(message.id for message in contraindication_vocabulary_check(databases=["default"]))
    assert ids == ["techniques.E001", "techniques.E002"]
    messages = " ".join(m.msg for m in vocabulary_differences({"CI99"}))
    assert "CI08" in messages and "CI99" in messages


def test_check_command_fails_when_the_vocabulary_differs():
    from django.core.management.base import SystemCheckError

    Contraindication.objects.filter(code="CI08").delete()
    with pytest.raises(SystemCheckError, match="CI08"):
        call_command("check", "--database", "default")


def test_the_vocabulary_codes_table_matches_screening():
    # Read from the module, not the shared file: classes, regions and modalities per code.
    table = {
        code: (
            ci.class_,
            "".join(sorted(ci.regions)) if ci.class_ != "absolute" else "all",
            " ".join(sorted(ci.modalities)),
            ci.takes_site,
        )
        for code, ci in vocab.CONTRAINDICATIONS.items()
    }
    assert table["CI06"] == ("relative", "ABDAHIP", "DEEP", False)
    assert table["CI14"] == ("relative", "", "DEEP STRETCH", False)
    assert table["CI15"] == ("local", "", "", True)
    assert table["CI17"] == ("local", "LLEGPTHI", "", False)
    assert table["CI22"] == ("relative", "AHIP", "STRETCH", False)
    assert [c for c, row in table.items() if row[0] == "absolute"] == [
        "CI01",
        "CI02",
        "CI03",
        "CI04",
        "CI05",
    ]
