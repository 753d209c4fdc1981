"""The screening rules of SCREENING.md, tested without a database.

The code tables and the starting library are written out here on purpose: the tests pin
the contract, so a change to the vocabulary or the rules must show up as a failing test.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients.screening import (
    AnswerError,
    Answers,
    LibraryEntry,
    blocking_codes,
    is_blocked,
    override_allowed,
    override_reason_problem,
    parse_answers_json,
    screen,
    validate_answers,
    verdict,
)
from techniques import vocabulary as vocab

# --- The contract, written out ------------------------------------------------------------

SYMPTOM_PATTERNS = {
    **{f"PS0{n}": "psoas" for n in range(1, 9)},
    **{f"SC0{n}": "sciatica" for n in (1, 2, 3, 4, 5, 6, 8)},
    "SC07": "deep_gluteal",
    "SC09": "deep_gluteal",
}
RED_FLAG_ACTIONS = {
    **{f"RF0{n}": "emergency" for n in range(1, 8)},
    **{f"RF{n:02}": "urgent" for n in range(8, 18)},
    **{f"RF{n}": "gp_review" for n in range(18, 23)},
}
ALL = "all"
SITE = "site"
# code: (class, blocked regions, blocked modalities)
CONTRAINDICATION_TABLE = {
    "CI02": ("absolute", ALL, ALL),
    "CI03": ("absolute", ALL, ALL),
    "CI04": ("absolute", ALL, ALL),
    "CI05": ("absolute", ALL, ALL),
    "CI06": ("relative", ["ABD", "AHIP"], ["DEEP"]),
    "CI07": ("relative", ["ABD"], []),
    "CI08": ("relative", ["ABD"], ["DEEP"]),
    "CI09": ("local", ["ABD", "AHIP"], []),
    "CI10": ("local", ["ABD", "AHIP"], []),
    "CI11": ("local", ["ABD"], []),
    "CI12": ("relative", ["ABD"], ["DEEP"]),
    "CI13": ("relative", [], ["DEEP"]),
    "CI14": ("relative", [], ["DEEP", "STRETCH"]),
    "CI15": ("local", SITE, []),
    "CI16": ("local", SITE, []),
    "CI17": ("local", ["LLEG", "PTHI"], []),
    "CI18": ("relative", [], ["NEURAL", "STRETCH"]),
    "CI19": ("local", SITE, []),
    "CI20": ("relative", [], ["DEEP"]),
    "CI21": ("relative", ["ABD"], []),
    "CI22": ("relative", ["AHIP"], ["STRETCH"]),
    "CI23": ("local", ["ABD"], []),
}
SITE_CODES = sorted(code for code, row in CONTRAINDICATION_TABLE.items() if row[1] == SITE)
PLAIN_CI_CODES = sorted(code for code, row in CONTRAINDICATION_TABLE.items() if row[1] != SITE)
TREATMENT_REGIONS = ["ABD", "AHIP", "GLUT", "LLEG", "LUMB", "PTHI"]
HANDS_ON_MODALITIES = ["DEEP", "LIGHT", "NEURAL", "STRETCH"]
SIDED_PARTS = ["groin", "front_hip", "buttock", "front_thigh", "back_thigh", "knee", "calf", "foot"]
PAIN_REGION_CODES = [
    "low_back",
    "mid_back",
    "abdomen",
    *(f"{part}_{side}" for side in ("left", "right") for part in SIDED_PARTS),
]
LEG_PARTS = ["back_thigh", "calf", "foot"]

# LIBRARY.md: the 28 shipped entries (15 session techniques, 13 self-care items). An entry
# may work on several regions (the Swedish warm-up: low back and buttocks); advice, none.
SHIPPED_LIBRARY = [
    LibraryEntry(slug, frozenset(regions.split()), modality)
    for slug, regions, modality in [
        ("swedish-warmup-lumbar-gluteal", "LUMB GLUT", "LIGHT"),
        ("lumbar-ql-deep-tissue", "LUMB", "DEEP"),
        ("anterior-hip-iliopsoas-release", "AHIP", "DEEP"),
        ("abdominal-psoas-release", "ABD", "DEEP"),
        ("hip-flexor-myofascial-release", "AHIP", "DEEP"),
        ("assisted-hip-flexor-stretch", "AHIP", "STRETCH"),
        ("hip-range-of-motion", "AHIP", "STRETCH"),
        ("piriformis-trigger-point", "GLUT", "DEEP"),
        ("gluteal-pin-and-stretch", "GLUT", "DEEP"),
        ("passive-piriformis-stretch", "GLUT", "STRETCH"),
        ("side-lying-lumbar-release", "LUMB", "STRETCH"),
        ("hamstring-deep-tissue", "PTHI", "DEEP"),
        ("gentle-hamstring-stretch", "PTHI", "STRETCH"),
        ("assisted-sciatic-nerve-slider", "PTHI", "NEURAL"),
        ("lower-leg-effleurage", "LLEG", "LIGHT"),
        ("kneeling-hip-flexor-stretch", "AHIP", "STRETCH"),
        ("standing-hip-flexor-stretch", "AHIP", "STRETCH"),
        ("knee-to-chest-stretch", "LUMB", "STRETCH"),
        ("supine-figure-four-stretch", "GLUT", "STRETCH"),
        ("seated-piriformis-stretch", "GLUT", "STRETCH"),
        ("towel-hamstring-stretch", "PTHI", "STRETCH"),
        ("sciatic-nerve-slider-home", "PTHI", "NEURAL"),
        ("glute-foam-roll", "GLUT", "DEEP"),
        ("hamstring-foam-roll", "PTHI", "DEEP"),
        ("psoas-ball-release", "ABD", "DEEP"),
        ("movement-breaks", "", "ADVICE"),
        ("daily-walking", "", "ADVICE"),
        ("heat-pack", "LUMB", "ADVICE"),
    ]
]
SLUGS = sorted(entry.slug for entry in SHIPPED_LIBRARY)
RESULT_KEYS = {
    "triage",
    "decision",
    "red_flags",
    "contraindications",
    "blocked",
    "patterns",
    "library",
    "messages",
}

WORKED_EXAMPLE_ANSWERS = {
    "age": 54,
    "new_onset": True,
    "pain_now": 6,
    "symptoms": ["PS01", "SC01"],
    "red_flags": ["RF09"],
    "contraindications": ["CI08", "CI15:GLUT"],
    "pain_regions": ["low_back", "calf_left"],
}
WORKED_EXAMPLE_RESULT = {
    "triage": "urgent",
    "decision": "do_not_treat",
    "red_flags": [
        {"code": "RF09", "action": "urgent", "derived": False, "cleared": False},
        {"code": "RF18", "action": "gp_review", "derived": True, "cleared": False},
    ],
    "contraindications": [
        {"code": "CI01", "class": "absolute", "site": None},
        {"code": "CI08", "class": "relative", "site": None},
        {"code": "CI15", "class": "local", "site": "GLUT"},
    ],
    "blocked": {
        "all": True,
        "regions": ["ABD", "AHIP", "GLUT", "LLEG", "LUMB", "PTHI"],
        "modalities": ["DEEP", "LIGHT", "NEURAL", "STRETCH"],
    },
    "patterns": {
        "psoas": {"signs": ["PS01"], "likely": False},
        "sciatica": {"signs": ["SC01"], "likely": False, "side": "left"},
        "deep_gluteal": {"signs": [], "likely": False},
    },
    "library": {
        "eligible": ["daily-walking", "heat-pack", "movement-breaks"],
        "blocked": {
            "abdominal-psoas-release": ["CI01", "CI08"],
            "anterior-hip-iliopsoas-release": ["CI01", "CI08"],
            "assisted-hip-flexor-stretch": ["CI01"],
            "assisted-sciatic-nerve-slider": ["CI01"],
            "gentle-hamstring-stretch": ["CI01"],
            "glute-foam-roll": ["CI01", "CI08", "CI15"],
            "gluteal-pin-and-stretch": ["CI01", "CI08", "CI15"],
            "hamstring-deep-tissue": ["CI01", "CI08"],
            "hamstring-foam-roll": ["CI01", "CI08"],
            "hip-flexor-myofascial-release": ["CI01", "CI08"],
            "hip-range-of-motion": ["CI01"],
            "knee-to-chest-stretch": ["CI01"],
            "kneeling-hip-flexor-stretch": ["CI01"],
            "lower-leg-effleurage": ["CI01"],
            "lumbar-ql-deep-tissue": ["CI01", "CI08"],
            "passive-piriformis-stretch": ["CI01", "CI15"],
            "piriformis-trigger-point": ["CI01", "CI08", "CI15"],
            "psoas-ball-release": ["CI01", "CI08"],
            "sciatic-nerve-slider-home": ["CI01"],
            "seated-piriformis-stretch": ["CI01", "CI15"],
            "side-lying-lumbar-release": ["CI01"],
            "standing-hip-flexor-stretch": ["CI01"],
            "supine-figure-four-stretch": ["CI01", "CI15"],
            "swedish-warmup-lumbar-gluteal": ["CI01", "CI15"],
            "towel-hamstring-stretch": ["CI01"],
        },
    },
}

# Function-scoped autouse fixtures of the suite touch only settings, never the examples.
quick = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def run(library=SHIPPED_LIBRARY, **answers) -> dict:
    return screen(validate_answers(answers), library)


def flag(result: dict, code: str) -> dict | None:
    return next((row for row in result["red_flags"] if row["code"] == code), None)


def ci_codes(result: dict) -> list[str]:
    return [row["code"] for row in result["contraindications"]]


# --- The vocabulary matches the contract --------------------------------------------------


def test_vocabulary_has_every_code_of_the_contract_and_no_other():
    assert set(vocab.SYMPTOMS) == set(SYMPTOM_PATTERNS)
    assert set(vocab.RED_FLAGS) == set(RED_FLAG_ACTIONS)
    assert set(vocab.CONTRAINDICATIONS) == {"CI01", *CONTRAINDICATION_TABLE}
    assert list(vocab.REGIONS) == ["ABD", "AHIP", "LUMB", "GLUT", "PTHI", "LLEG"]
    assert list(vocab.MODALITIES) == ["LIGHT", "DEEP", "STRETCH", "NEURAL", "ADVICE"]
    assert list(vocab.ACTIONS) == ["emergency", "urgent", "gp_review"]
    assert list(vocab.PATTERNS) == ["psoas", "sciatica", "deep_gluteal"]
    assert list(vocab.PAIN_REGIONS) == PAIN_REGION_CODES
    assert len(vocab.PAIN_REGIONS) == 19


def test_every_code_has_a_therapist_label_and_a_plain_client_label():
    tables = [vocab.SYMPTOMS, vocab.RED_FLAGS, vocab.CONTRAINDICATIONS, vocab.REGIONS]
    for table in [*tables, vocab.MODALITIES, vocab.PATTERNS, vocab.ACTIONS]:
        for code, row in table.items():
            assert row.code == code
            assert row.label.strip() and row.client_label.strip()
    for code, region in vocab.PAIN_REGIONS.items():
        assert region.code == code and region.label.strip()


def test_ci01_is_derived_absolute_and_blocks_everything():
    ci01 = vocab.CONTRAINDICATIONS["CI01"]
    assert ci01.derived and ci01.class_ == "absolute" and ci01.blocks_all
    assert ci01.regions == set(TREATMENT_REGIONS)
    assert ci01.modalities == set(HANDS_ON_MODALITIES)
    assert "CI01" not in vocab.ENTERED_CONTRAINDICATIONS


@pytest.mark.parametrize(("code", "row"), CONTRAINDICATION_TABLE.items())
def test_vocabulary_row_of_each_contraindication(code, row):
    class_, regions, modalities = row
    ci = vocab.CONTRAINDICATIONS[code]
    assert ci.class_ == class_
    assert ci.takes_site == (regions == SITE)
    assert ci.blocks_all == (regions == ALL)
    if regions not in (ALL, SITE):
        assert ci.regions == set(regions)
        assert ci.modalities == set(modalities)


# --- Every code, through `screen` ---------------------------------------------------------


@pytest.mark.parametrize(("code", "pattern"), SYMPTOM_PATTERNS.items())
def test_each_symptom_counts_as_a_sign_of_its_own_pattern_only(code, pattern):
    result = run(symptoms=[code])
    assert vocab.SYMPTOMS[code].pattern == pattern
    signs = {name: p["signs"] for name, p in result["patterns"].items()}
    assert signs == {name: [code] if name == pattern else [] for name in signs}
    assert result["decision"] == "treat"


@pytest.mark.parametrize(("code", "action"), RED_FLAG_ACTIONS.items())
def test_each_red_flag_sets_triage_to_its_action(code, action):
    result = run(red_flags=[code])
    assert vocab.RED_FLAGS[code].action == action
    assert result["triage"] == action
    assert result["red_flags"] == [
        {"code": code, "action": action, "derived": False, "cleared": False}
    ]
    if action == "gp_review":
        assert result["decision"] == "treat_with_precautions"
        assert "CI01" not in ci_codes(result)
    else:
        assert result["decision"] == "do_not_treat"
        assert result["contraindications"][0] == {
            "code": "CI01",
            "class": "absolute",
            "site": None,
        }


@pytest.mark.parametrize(("code", "action"), RED_FLAG_ACTIONS.items())
def test_each_red_flag_once_cleared_no_longer_counts(code, action):
    result = run(red_flags=[code], cleared=[code])
    assert result["triage"] == "none"
    assert result["decision"] == "treat_with_precautions"
    assert flag(result, code) == {"code": code, "action": action, "derived": False, "cleared": True}
    assert "CI01" not in ci_codes(result)


@pytest.mark.parametrize(
    ("code", "row"), [(code, row) for code, row in CONTRAINDICATION_TABLE.items() if row[1] != SITE]
)
def test_each_contraindication_without_site_blocks_its_row(code, row):
    class_, regions, modalities = row
    result = run(contraindications=[code])
    assert result["contraindications"] == [{"code": code, "class": class_, "site": None}]
    if class_ == "absolute":
        assert result["decision"] == "do_not_treat"
        assert result["blocked"] == {
            "all": True,
            "regions": TREATMENT_REGIONS,
            "modalities": HANDS_ON_MODALITIES,
        }
    else:
        assert result["decision"] == "treat_with_precautions"
        assert result["blocked"] == {"all": False, "regions": regions, "modalities": modalities}
    assert result["triage"] == "none"


@pytest.mark.parametrize("code", SITE_CODES)
@pytest.mark.parametrize("site", TREATMENT_REGIONS)
def test_each_site_code_blocks_its_site_only(code, site):
    result = run(contraindications=[f"{code}:{site}"])
    assert result["contraindications"] == [{"code": code, "class": "local", "site": site}]
    assert result["decision"] == "treat_with_precautions"
    assert result["blocked"] == {"all": False, "regions": [site], "modalities": []}
    in_site = {entry.slug for entry in SHIPPED_LIBRARY if site in entry.regions}
    assert set(result["library"]["blocked"]) == in_site
    assert all(codes == [code] for codes in result["library"]["blocked"].values())


@pytest.mark.parametrize("code", PAIN_REGION_CODES)
def test_each_pain_region_is_accepted_and_only_leg_regions_give_a_sciatica_side(code):
    result = run(pain_regions=[code])
    part, _, side = code.rpartition("_")
    expected_side = side if part in LEG_PARTS else None
    assert result["patterns"]["sciatica"]["side"] == expected_side
    assert result["red_flags"] == []
    assert result["decision"] == "treat"


# --- Rule 1: derived red flags ------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain_regions", "symptoms", "derived"),
    [
        (["calf_left", "calf_right"], ["SC01"], True),
        (["calf_left", "foot_right"], ["SC02"], True),
        (["back_thigh_left", "back_thigh_right"], ["SC03"], True),
        (["foot_left", "back_thigh_right"], ["SC04"], True),
        (["calf_left", "calf_right"], ["SC05", "SC06", "SC07", "SC08", "SC09"], False),
        (["calf_left", "calf_right"], ["PS01"], False),
        (["calf_left", "calf_right"], [], False),
        (["calf_left", "foot_left", "back_thigh_left"], ["SC01"], False),
        (["knee_left", "knee_right"], ["SC01"], False),
        (
            ["buttock_left", "buttock_right", "front_thigh_left", "front_thigh_right"],
            ["SC01"],
            False,
        ),
        (["calf_left", "knee_right"], ["SC01"], False),
    ],
)
def test_both_legs_marked_with_a_nerve_sign_derives_rf04(pain_regions, symptoms, derived):
    result = run(pain_regions=pain_regions, symptoms=symptoms)
    if derived:
        assert flag(result, "RF04") == {
            "code": "RF04",
            "action": "emergency",
            "derived": True,
            "cleared": False,
        }
        assert result["triage"] == "emergency"
    else:
        assert flag(result, "RF04") is None


def test_both_legs_marked_with_sciatic_sign_derives_rf04():
    result = run(pain_regions=["calf_left", "foot_right"], symptoms=["SC01"])
    assert flag(result, "RF04")["derived"] is True
    assert result["decision"] == "do_not_treat"


@pytest.mark.parametrize(
    ("age", "new_onset", "derived"),
    [
        (0, True, True),
        (19, True, True),
        (20, True, False),
        (35, True, False),
        (50, True, False),
        (51, True, True),
        (120, True, True),
        (70, False, False),
        (70, None, False),
        (None, True, False),
    ],
)
def test_age_under_20_or_over_50_with_new_onset_derives_rf18(age, new_onset, derived):
    answers = {
        key: value for key, value in [("age", age), ("new_onset", new_onset)] if value is not None
    }
    result = run(**answers)
    if derived:
        assert flag(result, "RF18") == {
            "code": "RF18",
            "action": "gp_review",
            "derived": True,
            "cleared": False,
        }
        assert result["triage"] == "gp_review"
    else:
        assert result["red_flags"] == []


@pytest.mark.parametrize(
    "answers",
    [
        {"age": 70, "new_onset": True, "red_flags": ["RF18"]},
        {"pain_regions": ["calf_left", "calf_right"], "symptoms": ["SC02"], "red_flags": ["RF04"]},
    ],
)
def test_a_derived_flag_that_was_also_entered_is_not_marked_derived(answers):
    result = run(**answers)
    assert [row["derived"] for row in result["red_flags"]] == [False]


def test_a_mid_back_mark_alone_derives_nothing():
    result = run(pain_regions=["mid_back"], age=40, new_onset=True)
    assert result["red_flags"] == []
    assert result["triage"] == "none"


# --- Rule 2: clearance --------------------------------------------------------------------


def test_a_cleared_flag_is_shown_but_does_not_count():
    result = run(red_flags=["RF09", "RF21"], cleared=["RF09"])
    assert [(r["code"], r["cleared"]) for r in result["red_flags"]] == [
        ("RF09", True),
        ("RF21", False),
    ]
    assert result["triage"] == "gp_review"
    assert result["decision"] == "treat_with_precautions"


def test_a_derived_flag_can_be_cleared():
    result = run(pain_regions=["calf_left", "calf_right"], symptoms=["SC01"], cleared=["RF04"])
    assert flag(result, "RF04") == {
        "code": "RF04",
        "action": "emergency",
        "derived": True,
        "cleared": True,
    }
    assert result["triage"] == "none"
    assert result["decision"] == "treat_with_precautions"


def test_cleared_flags_repeated_count_once():
    result = run(red_flags=["RF09", "RF09"], cleared=["RF09", "RF09"])
    assert len(result["red_flags"]) == 1


# --- Rules 3 and 4: triage and CI01 -------------------------------------------------------


@pytest.mark.parametrize(
    ("red_flags", "cleared", "triage"),
    [
        ([], [], "none"),
        (["RF22"], [], "gp_review"),
        (["RF22", "RF10"], [], "urgent"),
        (["RF22", "RF10", "RF01"], [], "emergency"),
        (["RF22", "RF10", "RF01"], ["RF01"], "urgent"),
        (["RF22", "RF10", "RF01"], ["RF01", "RF10"], "gp_review"),
        (["RF22", "RF10", "RF01"], ["RF01", "RF10", "RF22"], "none"),
    ],
)
def test_triage_is_the_most_serious_uncleared_action(red_flags, cleared, triage):
    result = run(red_flags=red_flags, cleared=cleared)
    assert result["triage"] == triage
    assert ("CI01" in ci_codes(result)) == (triage in ("emergency", "urgent"))


# --- Rule 5: decision ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "decision"),
    [
        ({}, "treat"),
        ({"pain_now": 10, "symptoms": ["PS01", "PS04"]}, "treat"),
        ({"red_flags": ["RF21"]}, "treat_with_precautions"),
        ({"contraindications": ["CI13"]}, "treat_with_precautions"),
        ({"contraindications": ["CI23"]}, "treat_with_precautions"),
        ({"contraindications": ["CI16:LLEG"]}, "treat_with_precautions"),
        ({"red_flags": ["RF11"], "cleared": ["RF11"]}, "treat_with_precautions"),
        ({"contraindications": ["CI05"]}, "do_not_treat"),
        ({"contraindications": ["CI13", "CI02"]}, "do_not_treat"),
        ({"red_flags": ["RF21"], "contraindications": ["CI03"]}, "do_not_treat"),
        ({"red_flags": ["RF13"]}, "do_not_treat"),
        (
            {"red_flags": ["RF07"], "cleared": ["RF07"], "contraindications": ["CI04"]},
            "do_not_treat",
        ),
    ],
)
def test_decision_follows_triage_and_contraindication_classes(answers, decision):
    assert run(**answers)["decision"] == decision


# --- Rule 6: blocked regions and modalities -----------------------------------------------


@pytest.mark.parametrize(
    ("contraindications", "regions", "modalities"),
    [
        (["CI08", "CI22"], ["ABD", "AHIP"], ["DEEP", "STRETCH"]),
        (["CI17", "CI18"], ["LLEG", "PTHI"], ["NEURAL", "STRETCH"]),
        (["CI15:GLUT", "CI19:LUMB", "CI16:GLUT"], ["GLUT", "LUMB"], []),
        (["CI06", "CI15:PTHI"], ["ABD", "AHIP", "PTHI"], ["DEEP"]),
        (["CI13", "CI13", "CI20"], [], ["DEEP"]),
    ],
)
def test_blocked_regions_and_modalities_are_the_union_of_those_present(
    contraindications, regions, modalities
):
    result = run(contraindications=contraindications)
    assert result["blocked"] == {"all": False, "regions": regions, "modalities": modalities}


def test_a_blocked_modality_is_blocked_in_every_region():
    result = run(contraindications=["CI13"])
    deep = {entry.slug for entry in SHIPPED_LIBRARY if entry.modality == "DEEP"}
    assert set(result["library"]["blocked"]) == deep


def test_do_not_treat_blocks_all_regions_and_hands_on_modalities():
    result = run(red_flags=["RF01"])
    assert result["blocked"] == {
        "all": True,
        "regions": TREATMENT_REGIONS,
        "modalities": HANDS_ON_MODALITIES,
    }


def test_a_site_code_appears_once_per_site():
    result = run(contraindications=["CI15:GLUT", "CI15:LUMB", "CI15:GLUT", "CI16:GLUT"])
    assert result["contraindications"] == [
        {"code": "CI15", "class": "local", "site": "GLUT"},
        {"code": "CI15", "class": "local", "site": "LUMB"},
        {"code": "CI16", "class": "local", "site": "GLUT"},
    ]


# --- Rule 7: library entries --------------------------------------------------------------

NO_REGION = frozenset()
HEAT_PACK = LibraryEntry("heat-pack", frozenset({"LUMB"}), "ADVICE")
WALKING = LibraryEntry("daily-walking", NO_REGION, "ADVICE")
NO_REGION_DEEP = LibraryEntry("general-deep", NO_REGION, "DEEP")
NO_REGION_LIGHT = LibraryEntry("general-light", NO_REGION, "LIGHT")


@pytest.mark.parametrize(
    ("answers", "blocked"),
    [
        ({"red_flags": ["RF01"]}, False),
        ({"contraindications": ["CI02", "CI06", "CI14"]}, False),
        ({"contraindications": ["CI15:GLUT"]}, False),
        ({"contraindications": ["CI15:LUMB"]}, True),
        ({"contraindications": ["CI19:LUMB"], "red_flags": ["RF01"]}, True),
        ({"contraindications": ["CI16:LUMB"]}, True),
    ],
)
def test_advice_is_blocked_only_by_a_site_code_on_its_own_region(answers, blocked):
    result = run(library=[HEAT_PACK, WALKING], **answers)
    assert ("heat-pack" in result["library"]["blocked"]) == blocked
    assert "daily-walking" in result["library"]["eligible"]


def test_advice_blocked_by_its_site_lists_only_the_site_code():
    result = run(library=[HEAT_PACK], contraindications=["CI19:LUMB", "CI02"], red_flags=["RF09"])
    assert result["library"]["blocked"] == {"heat-pack": ["CI19"]}


def test_an_extra_contraindication_blocks_an_advice_entry_even_without_region():
    walking = LibraryEntry("daily-walking", NO_REGION, "ADVICE", frozenset({"CI03"}))
    result = run(library=[walking], contraindications=["CI03"])
    assert result["library"]["blocked"] == {"daily-walking": ["CI03"]}


def test_an_extra_contraindication_listed_as_ci01_blocks_advice_under_urgent_triage():
    walking = LibraryEntry("daily-walking", NO_REGION, "ADVICE", frozenset({"CI01"}))
    result = run(library=[walking, HEAT_PACK], red_flags=["RF10"])
    assert result["library"] == {"eligible": ["heat-pack"], "blocked": {"daily-walking": ["CI01"]}}


def test_an_extra_contraindication_blocks_an_entry_its_row_would_not_block():
    stretch = LibraryEntry(
        "kneeling-hip-flexor-stretch", frozenset({"AHIP"}), "STRETCH", frozenset({"CI08"})
    )
    result = run(library=[stretch], contraindications=["CI08", "CI15:GLUT"])
    assert result["library"]["blocked"] == {"kneeling-hip-flexor-stretch": ["CI08"]}


def test_an_extra_site_code_blocks_whatever_its_site():
    entry = LibraryEntry("lower-leg-effleurage", frozenset({"LLEG"}), "LIGHT", frozenset({"CI15"}))
    result = run(library=[entry], contraindications=["CI15:ABD"])
    assert result["library"]["blocked"] == {"lower-leg-effleurage": ["CI15"]}


def test_an_extra_contraindication_not_present_blocks_nothing():
    entry = LibraryEntry("lower-leg-effleurage", frozenset({"LLEG"}), "LIGHT", frozenset({"CI12"}))
    result = run(library=[entry], contraindications=["CI13"])
    assert result["library"] == {"eligible": ["lower-leg-effleurage"], "blocked": {}}


def test_entries_without_region_are_blocked_by_modality_only():
    result = run(library=[NO_REGION_DEEP, NO_REGION_LIGHT], contraindications=["CI08", "CI15:ABD"])
    assert result["library"] == {
        "eligible": ["general-light"],
        "blocked": {"general-deep": ["CI08"]},
    }


def test_entries_without_region_are_blocked_under_do_not_treat_by_the_absolute_code():
    result = run(library=[NO_REGION_LIGHT], contraindications=["CI05"])
    assert result["library"]["blocked"] == {"general-light": ["CI05"]}


@pytest.mark.parametrize(
    ("answers", "slug", "codes"),
    [
        ({"contraindications": ["CI06"]}, "abdominal-psoas-release", ["CI06"]),
        (
            {"contraindications": ["CI06", "CI08", "CI12"]},
            "hamstring-foam-roll",
            ["CI06", "CI08", "CI12"],
        ),
        ({"contraindications": ["CI22", "CI14"]}, "assisted-hip-flexor-stretch", ["CI14", "CI22"]),
        ({"contraindications": ["CI22"]}, "anterior-hip-iliopsoas-release", ["CI22"]),
        (
            {"contraindications": ["CI15:GLUT", "CI16:GLUT", "CI15:LUMB"]},
            "glute-foam-roll",
            ["CI15", "CI16"],
        ),
        (
            {"contraindications": ["CI15:LUMB", "CI19:LUMB", "CI15:GLUT"]},
            "heat-pack",
            ["CI15", "CI19"],
        ),
        (
            {"contraindications": ["CI17", "CI18"]},
            "assisted-sciatic-nerve-slider",
            ["CI17", "CI18"],
        ),
        (
            {"contraindications": ["CI02", "CI03"], "red_flags": ["RF05"]},
            "lower-leg-effleurage",
            ["CI01", "CI02", "CI03"],
        ),
        (
            {"contraindications": ["CI07"], "red_flags": ["RF15"]},
            "psoas-ball-release",
            ["CI01", "CI07"],
        ),
    ],
)
def test_each_blocked_entry_lists_every_code_that_blocks_it_on_its_own(answers, slug, codes):
    result = run(**answers)
    assert result["library"]["blocked"][slug] == codes


def test_blocking_codes_and_is_blocked_read_a_stored_result():
    result = json.loads(json.dumps(run(contraindications=["CI21", "CI23"])))
    ball = next(entry for entry in SHIPPED_LIBRARY if entry.slug == "psoas-ball-release")
    assert is_blocked(result, ball)
    assert blocking_codes(result, ball) == ["CI21", "CI23"]
    assert not is_blocked(result, HEAT_PACK)


def test_library_covers_every_entry_once_and_sorts_by_slug():
    result = run(contraindications=["CI14"])
    library = result["library"]
    assert sorted([*library["eligible"], *library["blocked"]]) == SLUGS
    assert library["eligible"] == sorted(library["eligible"])
    assert list(library["blocked"]) == sorted(library["blocked"])


# --- Rule 7: entries with several regions -------------------------------------------------

SWEDISH = next(entry for entry in SHIPPED_LIBRARY if entry.slug == "swedish-warmup-lumbar-gluteal")


def test_the_swedish_warm_up_works_on_the_low_back_and_the_buttocks():
    assert SWEDISH.regions == {"LUMB", "GLUT"} and SWEDISH.modality == "LIGHT"
    assert HEAT_PACK in SHIPPED_LIBRARY
    several = [entry.slug for entry in SHIPPED_LIBRARY if len(entry.regions) > 1]
    assert several == ["swedish-warmup-lumbar-gluteal"]
    advice = [entry for entry in SHIPPED_LIBRARY if entry.modality == "ADVICE"]
    assert {entry.slug: entry.regions for entry in advice} == {
        "movement-breaks": NO_REGION,
        "daily-walking": NO_REGION,
        "heat-pack": {"LUMB"},
    }


@pytest.mark.parametrize("site", ["GLUT", "LUMB"])
def test_a_site_code_on_any_region_of_an_entry_blocks_it_and_is_listed(site):
    result = run(library=[SWEDISH], contraindications=[f"CI15:{site}"])
    assert result["library"] == {"eligible": [], "blocked": {SWEDISH.slug: ["CI15"]}}
    assert is_blocked(result, SWEDISH)
    assert blocking_codes(result, SWEDISH) == ["CI15"]
    found = verdict(result, SWEDISH)
    assert found.blocked and found.codes == ("CI15",)
    assert not found.overridable and not found.addable and not found.permits("Cleared by GP")


def test_a_site_code_on_no_region_of_the_entry_leaves_it_alone():
    result = run(library=[SWEDISH], contraindications=["CI15:PTHI", "CI16:ABD", "CI19:LLEG"])
    assert result["library"] == {"eligible": [SWEDISH.slug], "blocked": {}}
    assert verdict(result, SWEDISH) == verdict(run(), SWEDISH)
    assert not verdict(result, SWEDISH).blocked


def test_each_code_is_listed_when_it_blocks_any_one_region_of_the_entry():
    entry = LibraryEntry("hip-and-glute", frozenset({"AHIP", "GLUT"}), "STRETCH")
    result = run(library=[entry], contraindications=["CI09", "CI16:GLUT", "CI15:LUMB", "CI17"])
    # CI09 blocks AHIP, CI16 its GLUT site; CI15 is on the low back and CI17 on the legs.
    assert result["library"]["blocked"] == {"hip-and-glute": ["CI09", "CI16"]}


def test_an_advice_entry_is_blocked_by_a_site_code_on_its_region_even_under_do_not_treat():
    advice = LibraryEntry("heat-pack", frozenset({"LUMB"}), "ADVICE")
    result = run(library=[advice], contraindications=["CI19:LUMB"], red_flags=["RF01"])
    assert result["decision"] == "do_not_treat"
    assert result["library"]["blocked"] == {"heat-pack": ["CI19"]}
    found = verdict(result, advice)
    assert found.blocked and found.codes == ("CI19",) and not found.overridable
    elsewhere = run(library=[advice], contraindications=["CI19:GLUT"], red_flags=["RF01"])
    assert elsewhere["library"] == {"eligible": ["heat-pack"], "blocked": {}}
    assert not verdict(elsewhere, advice).blocked


def test_an_advice_entry_with_several_regions_is_blocked_by_a_site_code_on_any_of_them():
    advice = LibraryEntry("warm-bath", frozenset({"LUMB", "GLUT"}), "ADVICE")
    for site in ("LUMB", "GLUT"):
        result = run(library=[advice], contraindications=[f"CI16:{site}", "CI06"])
        assert result["library"]["blocked"] == {"warm-bath": ["CI16"]}


def test_a_verdict_is_overridable_only_when_every_code_on_every_region_is_overridable():
    entry = LibraryEntry("belly-and-back", frozenset({"ABD", "LUMB"}), "LIGHT")
    only_overridable = run(contraindications=["CI21", "CI23"])
    found = verdict(only_overridable, entry)
    assert found.blocked and found.codes == ("CI21", "CI23") and found.overridable
    assert found.addable and found.permits("Cleared by her GP") and not found.permits("  ")
    # A site code on the other region is not overridable: the whole entry stays blocked.
    with_site = verdict(run(contraindications=["CI21", "CI15:LUMB"]), entry)
    assert with_site.blocked and with_site.codes == ("CI15", "CI21")
    assert not with_site.overridable and not with_site.addable


def test_a_verdict_under_do_not_treat_is_never_overridable():
    entry = LibraryEntry("belly-and-back", frozenset({"ABD", "LUMB"}), "LIGHT")
    found = verdict(run(red_flags=["RF09"], contraindications=["CI21"]), entry)
    assert found.blocked and found.codes == ("CI01", "CI21") and not found.overridable


def test_an_entry_not_blocked_has_the_empty_verdict():
    found = verdict(run(contraindications=["CI17"]), SWEDISH)
    assert found == verdict(run(), SWEDISH)
    assert not found.blocked and found.codes == () and found.addable and found.permits("")


@pytest.mark.parametrize(
    ("reason", "ok"),
    [
        ("", False),
        ("   ", False),
        ("x" * 14, False),
        ("  " + "x" * 14 + "  ", False),
        ("x" * 15, True),
        ("GP letter of 3 March clears deep work", True),
        ("x" * 500, True),
        ("  " + "x" * 500 + "\n", True),
        ("x" * 501, False),
    ],
)
def test_an_override_reason_needs_15_to_500_characters(reason, ok):
    problem = override_reason_problem(reason)
    assert (problem == "") is ok
    if not ok:
        assert problem.strip()


# --- Rule 8: patterns ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptoms", "likely"),
    [
        (["PS01", "PS02"], False),
        (["PS01", "PS04"], True),
        (["PS01", "PS02", "PS03"], True),
        (["PS04"], False),
        (["PS06", "PS07", "PS08", "SC01"], True),
        (["PS04", "SC07"], False),
    ],
)
def test_psoas_is_likely_with_three_signs_or_two_including_ps04(symptoms, likely):
    assert run(symptoms=symptoms)["patterns"]["psoas"]["likely"] == likely


@pytest.mark.parametrize(
    ("symptoms", "signs", "likely"),
    [
        (["SC01"], ["SC01"], False),
        (["SC01", "SC08"], ["SC01", "SC08"], True),
        (["SC01", "SC07", "SC09"], ["SC01"], False),
        (["SC02", "SC03", "SC04", "SC05", "SC06"], ["SC02", "SC03", "SC04", "SC05", "SC06"], False),
        (["SC06", "SC01"], ["SC01", "SC06"], True),
    ],
)
def test_sciatica_is_likely_with_sc01_and_another_sciatica_sign(symptoms, signs, likely):
    sciatica = run(symptoms=symptoms)["patterns"]["sciatica"]
    assert (sciatica["signs"], sciatica["likely"]) == (signs, likely)


@pytest.mark.parametrize(
    ("symptoms", "likely"), [(["SC07"], False), (["SC09"], False), (["SC09", "SC07"], True)]
)
def test_deep_gluteal_is_likely_with_both_sc07_and_sc09(symptoms, likely):
    assert run(symptoms=symptoms)["patterns"]["deep_gluteal"]["likely"] == likely


@pytest.mark.parametrize(
    ("pain_regions", "side"),
    [
        ([], None),
        (["low_back", "buttock_left", "knee_right"], None),
        (["foot_left"], "left"),
        (["back_thigh_right", "calf_right"], "right"),
        (["back_thigh_left", "foot_right"], "both"),
    ],
)
def test_sciatica_side_comes_from_the_marked_legs_whatever_the_signs(pain_regions, side):
    result = run(pain_regions=pain_regions)
    assert result["patterns"]["sciatica"] == {"signs": [], "likely": False, "side": side}


# --- Rule 9: overrides --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "decision", "allowed"),
    [
        (["CI13"], "treat_with_precautions", True),
        (["CI13", "CI20", "CI21", "CI22", "CI23"], "treat_with_precautions", True),
        (["CI21", "CI08"], "treat_with_precautions", False),
        (["CI15"], "treat_with_precautions", False),
        (["CI13"], "do_not_treat", False),
        (["CI01"], "do_not_treat", False),
    ],
)
def test_override_only_for_overridable_codes_outside_do_not_treat(codes, decision, allowed):
    assert override_allowed(codes, decision) is allowed


# --- Section 3: the worked example and the result shape -----------------------------------


def test_worked_example_gives_the_documented_result():
    result = screen(parse_answers_json(json.dumps(WORKED_EXAMPLE_ANSWERS)), SHIPPED_LIBRARY)
    messages = result.pop("messages")
    assert result == WORKED_EXAMPLE_RESULT
    assert messages and all(isinstance(line, str) and line for line in messages)


def test_clearing_rf09_in_the_worked_example_allows_treatment_with_precautions():
    result = run(**WORKED_EXAMPLE_ANSWERS, cleared=["RF09"])
    assert result["triage"] == "gp_review"
    assert result["decision"] == "treat_with_precautions"
    assert ci_codes(result) == ["CI08", "CI15"]
    assert result["blocked"] == {"all": False, "regions": ["ABD", "GLUT"], "modalities": ["DEEP"]}


def test_empty_answers_give_treat_with_nothing_blocked():
    result = run()
    assert set(result) == RESULT_KEYS
    assert result["triage"] == "none" and result["decision"] == "treat"
    assert result["red_flags"] == [] and result["contraindications"] == []
    assert result["blocked"] == {"all": False, "regions": [], "modalities": []}
    assert result["library"] == {"eligible": SLUGS, "blocked": {}}


def test_an_empty_array_gives_an_empty_list():
    assert parse_answers_json("[]") == []


def test_an_array_gives_validated_answers_in_order():
    parsed = parse_answers_json('[{"age": 30}, {}, {"symptoms": ["SC01", "SC01"]}]')
    assert parsed == [Answers(age=30), Answers(), Answers(symptoms=frozenset({"SC01"}))]


def test_screen_accepts_plain_python_answers():
    assert screen(WORKED_EXAMPLE_ANSWERS, SHIPPED_LIBRARY)["triage"] == "urgent"


# --- Messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"red_flags": ["RF01"]}, ["A&E", "emergency", "between your legs"]),
        ({"red_flags": ["RF10"]}, ["doctor today", "until a doctor has cleared you"]),
        ({"red_flags": ["RF21"]}, ["routine review with your GP", "can go ahead"]),
        ({"contraindications": ["CI02"]}, ["no hands-on treatment", "fever"]),
        ({"contraindications": ["CI08"]}, ["pregnancy", "your belly", "deep or firm pressure"]),
        ({"contraindications": ["CI15:GLUT"]}, ["wound", "your buttocks"]),
        ({"red_flags": ["RF01"], "contraindications": ["CI19:LUMB"]}, ["numbness", "lower back"]),
        ({"red_flags": ["RF09"], "cleared": ["RF09"]}, ["cleared", "cancer"]),
        ({"symptoms": ["PS01", "PS02", "PS03"]}, ["psoas", "not a diagnosis"]),
        ({"symptoms": ["SC01", "SC02"], "pain_regions": ["calf_right"]}, ["sciatica", "right"]),
        ({"symptoms": ["SC07", "SC09"]}, ["buttock"]),
        ({}, ["no warning signs", "Treatment can go ahead today."]),
    ],
)
def test_messages_tell_the_client_in_plain_words(answers, words):
    text = " ".join(run(**answers)["messages"])
    for word in words:
        assert word in text


@pytest.mark.parametrize("code", ["CI02", "CI03", "CI04", "CI05"])
def test_messages_never_say_no_warning_signs_when_there_is_no_treatment(code):
    result = run(contraindications=[code])
    assert result["decision"] == "do_not_treat" and result["triage"] == "none"
    assert "no warning signs" not in " ".join(result["messages"]).lower()


def test_messages_do_not_mention_patterns_that_are_not_likely():
    text = " ".join(run(symptoms=["PS01", "SC01"])["messages"])
    assert "pattern" not in text


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "input: not valid JSON"),
        ("{", "input: not valid JSON"),
        ("{'age': 5}", "input: not valid JSON"),
        ("5", "input: 5 is not an answers object"),
        ('"answers"', 'input: "answers" is not an answers object'),
        ("null", "input: null is not an answers object"),
        ("[{}, 7]", "[1]: 7 is not an answers object"),
        ("[[]]", "[0]: [] is not an answers object"),
        ('{"colour": "red"}', "colour: unknown key"),
        ('[{}, {}, {"Age": 5}]', "[2].Age: unknown key"),
        ('{"age": 5, "age": 6}', "age: key given more than once"),
        ('[{}, {"symptoms": [], "symptoms": []}]', "[1].symptoms: key given more than once"),
        ('{"age": null}', "age: null is not allowed"),
        ('{"cleared": null}', "cleared: null is not allowed"),
        ('{"age": NaN}', "age: NaN is not a number"),
        ('{"pain_now": Infinity}', "pain_now: Infinity is not a number"),
        ('{"age": -Infinity}', "age: -Infinity is not a number"),
        ('{"age": true}', "age: true is not a number"),
        ('{"age": 54.0}', "age: 54.0 is not a whole number"),
        ('[{}, {}, {}, {"age": 54.0}]', "[3].age: 54.0 is not a whole number"),
        ('{"age": 1e2}', "age: 100.0 is not a whole number"),
        ('{"age": "54"}', 'age: "54" is not a number'),
        ('{"age": 121}', "age: 121 is out of range 0-120"),
        ('{"age": -1}', "age: -1 is out of range 0-120"),
        ('{"pain_now": 11}', "pain_now: 11 is out of range 0-10"),
        ('{"pain_now": [3]}', "pain_now: [3] is not a number"),
        ('{"new_onset": 1}', "new_onset: 1 is not true or false"),
        ('{"new_onset": "yes"}', 'new_onset: "yes" is not true or false'),
        ('{"symptoms": "PS01"}', 'symptoms: "PS01" is not a list'),
        ('{"red_flags": {"RF01": true}}', 'red_flags: {"RF01": true} is not a list'),
        ('{"symptoms": ["PS01", 1]}', "symptoms[1]: 1 is not a symptom code"),
        ('{"symptoms": ["PS09"]}', 'symptoms[0]: "PS09" is not a symptom code'),
        ('{"symptoms": ["ps01"]}', 'symptoms[0]: "ps01" is not a symptom code'),
        ('{"symptoms": ["RF01"]}', 'symptoms[0]: "RF01" is a red flag code, not a symptom code'),
        ('{"red_flags": ["PS01"]}', 'red_flags[0]: "PS01" is a symptom code, not a red flag'),
        ('{"red_flags": ["RF23"]}', 'red_flags[0]: "RF23" is not a red flag code'),
        ('{"pain_regions": ["calf"]}', 'pain_regions[0]: "calf" is not a pain-map region'),
        ('{"pain_regions": ["GLUT"]}', 'pain_regions[0]: "GLUT" is a treatment region'),
        (
            '{"contraindications": ["CI24"]}',
            'contraindications[0]: "CI24" is not a contraindication',
        ),
        ('{"contraindications": ["RF01"]}', 'contraindications[0]: "RF01" is a red flag code'),
        ('{"contraindications": [null]}', "contraindications[0]: null is not a contraindication"),
        ('{"contraindications": ["CI01"]}', 'contraindications[0]: "CI01" is derived'),
        ('{"contraindications": ["CI15"]}', 'contraindications[0]: "CI15" needs its site'),
        ('{"contraindications": ["CI19:"]}', 'contraindications[0]: "CI19:": the site must be'),
        (
            '{"contraindications": ["CI16:glut"]}',
            'contraindications[0]: "CI16:glut": the site must be one of ABD',
        ),
        (
            '{"contraindications": ["CI15:KNEE"]}',
            'contraindications[0]: "CI15:KNEE": the site must be',
        ),
        (
            '{"contraindications": ["CI15:GLUT:LUMB"]}',
            'contraindications[0]: "CI15:GLUT:LUMB": the site',
        ),
        ('{"contraindications": ["CI08:ABD"]}', 'contraindications[0]: "CI08:ABD" takes no site'),
        ('{"cleared": ["RF09"]}', 'cleared[0]: "RF09" is not among the red flags present'),
        ('{"red_flags": ["RF09"], "cleared": ["RF09", "RF10"]}', 'cleared[1]: "RF10" is not among'),
        (
            '{"red_flags": ["RF09"], "cleared": ["CI02"]}',
            'cleared[0]: "CI02" is a contraindication',
        ),
        ('{"age": 70, "new_onset": false, "cleared": ["RF18"]}', 'cleared[0]: "RF18" is not among'),
        ('{"cleared": "RF09"}', 'cleared: "RF09" is not a list'),
    ],
)
def test_bad_input_is_rejected_naming_the_field_and_the_value(text, error):
    with pytest.raises(AnswerError) as raised:
        parse_answers_json(text)
    assert str(raised.value).startswith(error)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_one_bad_element_rejects_the_whole_array():
    with pytest.raises(AnswerError, match=r"^\[2\]\.red_flags\[0\]"):
        parse_answers_json('[{}, {"age": 5}, {"red_flags": ["XX"]}, {}]')


def test_deeply_nested_json_is_rejected_without_crashing():
    with pytest.raises(AnswerError, match="^input:"):
        parse_answers_json("[" * 100_000)


def test_python_answers_are_validated_like_json():
    with pytest.raises(AnswerError, match=r"^age: true is not a number"):
        validate_answers({"age": True})
    with pytest.raises(AnswerError, match=r"^symptoms: "):
        validate_answers({"symptoms": {"PS01"}})
    with pytest.raises(AnswerError, match=r"^1: unknown key"):
        validate_answers({1: 2})


# --- Properties ---------------------------------------------------------------------------

# No control characters: answers end up in PostgreSQL, which refuses NUL.
plain_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
short_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=4)
contraindication_texts = st.one_of(
    st.sampled_from(PLAIN_CI_CODES),
    st.builds("{}:{}".format, st.sampled_from(SITE_CODES), st.sampled_from(TREATMENT_REGIONS)),
)


def codes(pool, max_size=4):
    return st.lists(st.sampled_from(sorted(pool)), max_size=max_size)


def present_flags(answers: dict) -> set[str]:
    """Entered plus derived flags, worked out independently of the module (rule 1)."""
    regions = set(answers.get("pain_regions", []))
    legs = [side for side in ("left", "right") if regions & {f"{p}_{side}" for p in LEG_PARTS}]
    flags = set(answers.get("red_flags", []))
    if len(legs) == 2 and set(answers.get("symptoms", [])) & {"SC01", "SC02", "SC03", "SC04"}:
        flags.add("RF04")
    age = answers.get("age")
    if age is not None and (age < 20 or age > 50) and answers.get("new_onset") is True:
        flags.add("RF18")
    return flags


@st.composite
def answer_dicts(draw, with_cleared: bool = True) -> dict:
    fields = {
        "age": st.integers(0, 120),
        "new_onset": st.booleans(),
        "pain_now": st.integers(0, 10),
        "symptoms": codes(SYMPTOM_PATTERNS, 6),
        "red_flags": codes(RED_FLAG_ACTIONS, 3),
        "contraindications": st.lists(contraindication_texts, max_size=4),
        "pain_regions": codes(PAIN_REGION_CODES, 5),
    }
    answers = {key: draw(value) for key, value in fields.items() if draw(st.booleans())}
    present = present_flags(answers)
    if with_cleared and present and draw(st.booleans()):
        answers["cleared"] = draw(st.lists(st.sampled_from(sorted(present)), max_size=4))
    return answers


def blocked_map(result: dict) -> dict[str, set[str]]:
    return {slug: set(codes) for slug, codes in result["library"]["blocked"].items()}


@quick
@given(answer_dicts())
def test_any_uncleared_emergency_or_urgent_flag_gives_do_not_treat(answers):
    result = run(**answers)
    serious = any(
        row["action"] in ("emergency", "urgent") and not row["cleared"]
        for row in result["red_flags"]
    )
    if serious:
        assert result["decision"] == "do_not_treat"
        assert result["blocked"]["all"] is True
        assert "CI01" in ci_codes(result)
    assert (result["decision"] == "do_not_treat") == (
        serious or any(row["class"] == "absolute" for row in result["contraindications"])
    )


@quick
@given(
    answer_dicts(),
    st.one_of(
        contraindication_texts.map(lambda c: ("contraindications", c)),
        st.sampled_from(sorted(RED_FLAG_ACTIONS)).map(lambda c: ("red_flags", c)),
    ),
)
def test_adding_a_contraindication_or_red_flag_never_unblocks_anything(answers, addition):
    key, code = addition
    before = run(**answers)
    after = run(**{**answers, key: [*answers.get(key, []), code]})
    assert set(before["blocked"]["regions"]) <= set(after["blocked"]["regions"])
    assert set(before["blocked"]["modalities"]) <= set(after["blocked"]["modalities"])
    before_map, after_map = blocked_map(before), blocked_map(after)
    for slug, codes_before in before_map.items():
        assert codes_before <= after_map[slug]


@quick
@given(answer_dicts(with_cleared=False), st.data())
def test_clearing_flags_never_blocks_more(answers, data):
    present = sorted(present_flags(answers))
    cleared = data.draw(st.lists(st.sampled_from(present), min_size=1)) if present else []
    before = run(**answers)
    after = run(**answers, cleared=cleared)
    assert set(after["blocked"]["regions"]) <= set(before["blocked"]["regions"])
    assert set(after["blocked"]["modalities"]) <= set(before["blocked"]["modalities"])
    before_map, after_map = blocked_map(before), blocked_map(after)
    for slug, codes_after in after_map.items():
        assert codes_after <= before_map[slug]


@quick
@given(answer_dicts())
def test_every_result_has_every_key_only_known_codes_and_sorted_lists(answers):
    result = run(**answers)
    assert set(result) == RESULT_KEYS
    flags = [row["code"] for row in result["red_flags"]]
    assert flags == sorted(set(flags)) and set(flags) <= set(RED_FLAG_ACTIONS)
    assert all(set(row) == {"code", "action", "derived", "cleared"} for row in result["red_flags"])
    cis = [(row["code"], row["site"] or "") for row in result["contraindications"]]
    assert cis == sorted(set(cis))
    assert {code for code, _ in cis} <= {"CI01", *CONTRAINDICATION_TABLE}
    assert result["triage"] in ("none", "emergency", "urgent", "gp_review")
    assert result["decision"] in ("treat", "treat_with_precautions", "do_not_treat")
    blocked = result["blocked"]
    assert set(blocked) == {"all", "regions", "modalities"}
    assert blocked["regions"] == sorted(blocked["regions"])
    assert set(blocked["regions"]) <= set(TREATMENT_REGIONS)
    assert blocked["modalities"] == sorted(blocked["modalities"])
    assert set(blocked["modalities"]) <= set(HANDS_ON_MODALITIES)
    for pattern in result["patterns"].values():
        assert pattern["signs"] == sorted(pattern["signs"])
        assert set(pattern["signs"]) <= set(SYMPTOM_PATTERNS)
    assert list(result["patterns"]) == ["psoas", "sciatica", "deep_gluteal"]
    library = result["library"]
    assert library["eligible"] == sorted(library["eligible"])
    assert list(library["blocked"]) == sorted(library["blocked"])
    assert sorted([*library["eligible"], *library["blocked"]]) == SLUGS
    present = {code for code, _ in cis}
    for codes_of_entry in library["blocked"].values():
        assert codes_of_entry and codes_of_entry == sorted(set(codes_of_entry))
        assert set(codes_of_entry) <= present
    assert all(isinstance(line, str) and line for line in result["messages"])
    assert json.loads(json.dumps(result)) == result


@quick
@given(answer_dicts())
def test_screening_is_deterministic_whatever_the_order_of_answers(answers):
    shuffled = {
        key: value[::-1] if isinstance(value, list) else value for key, value in answers.items()
    }
    assert run(**answers) == run(**dict(reversed(shuffled.items())))


@quick
@given(answer_dicts())
def test_validation_round_trips(answers):
    validated = validate_answers(answers)
    assert validate_answers(validated.as_dict()) == validated
    assert parse_answers_json(json.dumps(answers)) == validated
    assert parse_answers_json(json.dumps([answers, answers])) == [validated, validated]


@quick
@given(answer_dicts())
def test_override_is_never_allowed_under_do_not_treat(answers):
    result = run(**answers)
    for codes_of_entry in result["library"]["blocked"].values():
        allowed = override_allowed(codes_of_entry, result["decision"])
        if result["decision"] == "do_not_treat":
            assert not allowed
        else:
            assert allowed == (set(codes_of_entry) <= {"CI13", "CI20", "CI21", "CI22", "CI23"})


ANSWER_KEYS = [*WORKED_EXAMPLE_ANSWERS, "cleared"]


@quick
@given(answer_dicts(), short_text.filter(lambda key: key not in ANSWER_KEYS))
def test_an_unknown_key_is_always_rejected_by_name(answers, key):
    with pytest.raises(AnswerError) as raised:
        parse_answers_json(json.dumps([answers, {**answers, key: 1}]))
    name = key if key.isascii() and key.isidentifier() else json.dumps(key)
    assert str(raised.value) == f"[1].{name}: unknown key"


@quick
@given(
    st.sampled_from(["symptoms", "red_flags", "contraindications", "pain_regions"]),
    plain_text,
)
def test_an_unknown_code_is_always_rejected_naming_its_index(key, code):
    known = {*SYMPTOM_PATTERNS, *RED_FLAG_ACTIONS, *PAIN_REGION_CODES, *PLAIN_CI_CODES}
    if code in known or code.partition(":")[0] in SITE_CODES:
        return
    with pytest.raises(AnswerError) as raised:
        parse_answers_json(json.dumps([{}, {key: [code]}]))
    assert str(raised.value).startswith(f"[1].{key}[0]: ")
    assert json.dumps(code)[:50] in str(raised.value)


# --- Rule 7 with several regions, against a reference -------------------------------------

# A reference of rule 7 written from the contract table above, not from the module.


def reference_blocking_codes(result: dict, entry: LibraryEntry) -> set[str]:
    codes = set()
    for row in result["contraindications"]:
        code, site = row["code"], row["site"]
        _, regions, modalities = CONTRAINDICATION_TABLE.get(code, ("absolute", ALL, ALL))
        extra = code in entry.extra_contraindications
        on_site = site is not None and site in entry.regions
        hands_on = entry.modality != "ADVICE" and (
            regions == ALL
            or (regions != SITE and bool(set(regions) & entry.regions))
            or (modalities != ALL and entry.modality in modalities)
        )
        if extra or on_site or hands_on:
            codes.add(code)
    return codes


def reference_is_blocked(result: dict, entry: LibraryEntry) -> bool:
    if entry.modality != "ADVICE" and result["decision"] == "do_not_treat":
        return True
    return bool(reference_blocking_codes(result, entry))


entry_regions = st.frozensets(st.sampled_from(TREATMENT_REGIONS), max_size=4)
entry_modalities = st.sampled_from([*HANDS_ON_MODALITIES, "ADVICE"])
entry_extras = st.frozensets(st.sampled_from(["CI01", *CONTRAINDICATION_TABLE]), max_size=2)


@quick
@given(answer_dicts(), entry_regions, entry_modalities, entry_extras)
def test_rule_7_agrees_with_the_reference_for_any_regions(answers, regions, modality, extras):
    entry = LibraryEntry("generated", regions, modality, extras)
    result = run(library=[entry], **answers)
    blocked = reference_is_blocked(result, entry)
    codes = sorted(reference_blocking_codes(result, entry))
    assert is_blocked(result, entry) is blocked
    assert ("generated" in result["library"]["blocked"]) is blocked
    found = verdict(result, entry)
    assert found.blocked is blocked
    if blocked:
        assert codes, "a blocked entry always names what blocks it"
        assert result["library"]["blocked"]["generated"] == codes
        assert blocking_codes(result, entry) == codes
        assert list(found.codes) == codes
        assert found.overridable == (
            result["decision"] != "do_not_treat"
            and set(codes) <= {"CI13", "CI20", "CI21", "CI22", "CI23"}
        )
    else:
        assert result["library"]["eligible"] == ["generated"]
        assert found.codes == () and not found.overridable


@quick
@given(
    answer_dicts(),
    entry_regions.filter(bool),
    entry_modalities,
    entry_extras,
)
def test_an_entry_is_blocked_iff_any_of_its_regions_is(answers, regions, modality, extras):
    entry = LibraryEntry("several", regions, modality, extras)
    alone = [LibraryEntry(f"only-{r}", frozenset({r}), modality, extras) for r in sorted(regions)]
    result = run(library=[entry, *alone], **answers)
    blocked = result["library"]["blocked"]
    assert ("several" in blocked) == any(one.slug in blocked for one in alone)
    assert verdict(result, entry).blocked == any(verdict(result, one).blocked for one in alone)
    union = set().union(*(blocked.get(one.slug, []) for one in alone))
    assert set(blocked.get("several", [])) == union
