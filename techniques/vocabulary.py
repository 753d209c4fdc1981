"""The shared code vocabulary of screening (SCREENING.md, section 1).

Plain Python with no Django imports: the screening rules, the models, the admin, the
forms and a system check all read these constants, so a code means the same everywhere.
Every code carries a short therapist label and a plain-language label for clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Contraindication classes.
ABSOLUTE: Final = "absolute"
RELATIVE: Final = "relative"
LOCAL: Final = "local"
CLASSES: Final = (ABSOLUTE, RELATIVE, LOCAL)

# Red-flag action levels, most serious first.
EMERGENCY: Final = "emergency"
URGENT: Final = "urgent"
GP_REVIEW: Final = "gp_review"


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    client_label: str


ACTIONS: Final[dict[str, Action]] = {
    action.code: action
    for action in (
        Action(EMERGENCY, "emergency care now, no treatment", "emergency care now"),
        Action(URGENT, "same-day medical assessment, no treatment", "a doctor today"),
        Action(GP_REVIEW, "routine medical review, treat with precautions", "a routine GP review"),
    )
}
# Most serious first: a lower index is more serious.
ACTION_ORDER: Final = tuple(ACTIONS)


@dataclass(frozen=True)
class Pattern:
    code: str
    label: str
    client_label: str


PSOAS: Final = "psoas"
SCIATICA: Final = "sciatica"
DEEP_GLUTEAL: Final = "deep_gluteal"

PATTERNS: Final[dict[str, Pattern]] = {
    pattern.code: pattern
    for pattern in (
        Pattern(PSOAS, "psoas-related pain", "a tight or irritated deep hip flexor (psoas)"),
        Pattern(SCIATICA, "sciatica", "an irritated sciatic nerve (sciatica)"),
        Pattern(
            DEEP_GLUTEAL,
            "deep gluteal / piriformis",
            "deep buttock muscles irritating the sciatic nerve",
        ),
    )
}


@dataclass(frozen=True)
class Symptom:
    code: str
    label: str
    client_label: str
    pattern: str


SYMPTOMS: Final[dict[str, Symptom]] = {
    symptom.code: symptom
    for symptom in (
        Symptom(
            "PS01",
            "LBP worse after prolonged standing",
            "low back pain that gets worse after standing for a long time",
            PSOAS,
        ),
        Symptom("PS02", "anterior hip pain", "pain at the front of your hip", PSOAS),
        Symptom(
            "PS03",
            "difficulty straightening after sitting",
            "finding it hard to stand up straight after sitting",
            PSOAS,
        ),
        Symptom(
            "PS04",
            "restricted hip extension (Thomas +)",
            "a hip that does not straighten fully (found by your therapist)",
            PSOAS,
        ),
        Symptom(
            "PS05",
            "groin / deep lower-abdominal ache",
            "an ache in your groin or deep in your lower belly",
            PSOAS,
        ),
        Symptom("PS06", "knee pain", "pain in your knee", PSOAS),
        Symptom(
            "PS07",
            "increased lumbar lordosis (observed)",
            "a deeper curve in your lower back (seen by your therapist)",
            PSOAS,
        ),
        Symptom("PS08", "limp / altered gait", "a limp or a change in the way you walk", PSOAS),
        Symptom(
            "SC01",
            "radiating pain below the knee",
            "pain spreading from your back or buttock to below your knee",
            SCIATICA,
        ),
        Symptom("SC02", "unilateral leg/foot numbness", "numbness in one leg or foot", SCIATICA),
        Symptom(
            "SC03",
            "unilateral leg/foot paraesthesia",
            "tingling or pins and needles in one leg or foot",
            SCIATICA,
        ),
        Symptom(
            "SC04",
            "stable unilateral weakness",
            "weakness in one leg or foot that is not getting worse",
            SCIATICA,
        ),
        Symptom(
            "SC05",
            "leg pain worse sitting/standing/cough/sneeze",
            "leg pain that gets worse when you sit, stand, cough or sneeze",
            SCIATICA,
        ),
        Symptom(
            "SC06",
            "walking limited by leg pain",
            "leg pain that makes walking difficult",
            SCIATICA,
        ),
        Symptom(
            "SC07",
            "deep buttock pain worse sitting",
            "a deep ache in your buttock that is worse when you sit",
            DEEP_GLUTEAL,
        ),
        Symptom(
            "SC08",
            "SLR / slump test +",
            "a positive nerve-stretch test of the leg (found by your therapist)",
            SCIATICA,
        ),
        Symptom(
            "SC09",
            "FAIR / piriformis test +",
            "a positive piriformis test (found by your therapist)",
            DEEP_GLUTEAL,
        ),
    )
}


@dataclass(frozen=True)
class RedFlag:
    code: str
    label: str
    client_label: str
    action: str


RED_FLAGS: Final[dict[str, RedFlag]] = {
    flag.code: flag
    for flag in (
        RedFlag(
            "RF01",
            "saddle anaesthesia / paraesthesia",
            "numbness or tingling around your bottom, between your legs or in your genitals",
            EMERGENCY,
        ),
        RedFlag(
            "RF02",
            "new bladder dysfunction",
            "a new change in passing urine, such as trouble starting, a weak flow, not being "
            "able to go, leaking or less feeling",
            EMERGENCY,
        ),
        RedFlag(
            "RF03",
            "new bowel dysfunction",
            "a new change in your bowels, such as soiling or not feeling when you need to go",
            EMERGENCY,
        ),
        RedFlag(
            "RF04",
            "bilateral sciatica / neurological signs",
            "sciatica, numbness or weakness in both legs",
            EMERGENCY,
        ),
        RedFlag(
            "RF05",
            "severe or progressive leg weakness (foot drop)",
            "leg weakness that is severe or getting worse, such as a dropping foot",
            EMERGENCY,
        ),
        RedFlag("RF06", "new sexual dysfunction", "a new problem with sexual function", EMERGENCY),
        RedFlag("RF07", "chest pain with back pain", "chest pain as well as back pain", EMERGENCY),
        RedFlag(
            "RF08",
            "significant trauma / fragility injury",
            "pain that started after a bad accident, or after a small fall or lift when you "
            "have thin bones or take steroids long term",
            URGENT,
        ),
        RedFlag(
            "RF09",
            "history of cancer, new back pain",
            "new back pain when you have had cancer",
            URGENT,
        ),
        RedFlag("RF10", "unexplained weight loss", "losing weight without trying", URGENT),
        RedFlag(
            "RF11",
            "fever >= 38 C / systemically unwell",
            "a temperature of 38 degrees or more, or feeling generally unwell",
            URGENT,
        ),
        RedFlag(
            "RF12",
            "immunosuppression / IV drug use / recent infection",
            "a weakened immune system, injecting drugs, or a recent infection",
            URGENT,
        ),
        RedFlag(
            "RF13",
            "non-mechanical night / rest pain",
            "pain that is much worse at night or at rest and eases in no position",
            URGENT,
        ),
        RedFlag(
            "RF14",
            "new constant thoracic pain",
            "new pain in your middle back that is constant or does not ease when you move",
            URGENT,
        ),
        RedFlag(
            "RF15",
            "spinal lump / swelling / deformity",
            "a lump, a swelling or a new change in the shape of your back",
            URGENT,
        ),
        RedFlag(
            "RF16",
            "widespread neurological symptoms",
            "nerve symptoms in your arms and legs, or clumsiness and poor balance",
            URGENT,
        ),
        RedFlag(
            "RF17",
            "pulsatile abdominal mass / known AAA with new pain",
            "a pulsing feeling in your belly, or new pain with a known swollen main artery "
            "(aortic aneurysm)",
            URGENT,
        ),
        RedFlag(
            "RF18",
            "age < 20 or > 50, new episode",
            "being under 20 or over 50 with a new episode of back pain",
            GP_REVIEW,
        ),
        RedFlag(
            "RF19",
            "long-term corticosteroids / osteoporosis",
            "taking steroid medicine long term, or known thin bones (osteoporosis)",
            GP_REVIEW,
        ),
        RedFlag(
            "RF20",
            "inflammatory back pain pattern",
            "back pain that began before 45, has lasted over 3 months, wakes you at night "
            "and eases when you move",
            GP_REVIEW,
        ),
        RedFlag(
            "RF21",
            "not improving / worsening / loss of function",
            "pain that is not improving after a few weeks, is getting worse, or stops your "
            "normal activities",
            GP_REVIEW,
        ),
        RedFlag(
            "RF22",
            "new / unexplained GI symptoms",
            "new or unexplained problems with your digestion",
            GP_REVIEW,
        ),
    )
}


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    client_label: str


REGIONS: Final[dict[str, Region]] = {
    region.code: region
    for region in (
        Region("ABD", "abdominal wall and direct psoas contact", "your belly"),
        Region(
            "AHIP",
            "front of hip and groin (distal iliopsoas, hip flexors)",
            "the front of your hip and groin",
        ),
        Region("LUMB", "lumbar muscles and quadratus lumborum", "your lower back"),
        Region("GLUT", "gluteals and piriformis", "your buttocks"),
        Region("PTHI", "back of thigh (hamstrings)", "the back of your thighs"),
        Region("LLEG", "lower leg", "your lower legs"),
    )
}
ALL_REGIONS: Final = frozenset(REGIONS)


@dataclass(frozen=True)
class Modality:
    code: str
    label: str
    client_label: str


ADVICE: Final = "ADVICE"

MODALITIES: Final[dict[str, Modality]] = {
    modality.code: modality
    for modality in (
        Modality("LIGHT", "light, general massage (effleurage, gentle kneading)", "light massage"),
        Modality(
            "DEEP",
            "deep or sustained pressure, incl. trigger point, myofascial release, "
            "ball or foam-roller self-massage",
            "deep or firm pressure (including ball or foam-roller work)",
        ),
        Modality(
            "STRETCH",
            "passive, assisted or self stretching and range-of-motion work",
            "stretching",
        ),
        Modality("NEURAL", "neural mobilisation (nerve sliders)", "nerve-gliding exercises"),
        Modality(
            ADVICE,
            "advice only: movement breaks, walking, heat",
            "advice such as movement breaks, walking and heat",
        ),
    )
}
# Advice is never blocked as a modality, so "all modalities" means the four hands-on ones.
ALL_MODALITIES: Final = frozenset(MODALITIES) - {ADVICE}


@dataclass(frozen=True)
class Contraindication:
    code: str
    label: str
    client_label: str
    class_: str
    regions: frozenset[str]
    modalities: frozenset[str]
    takes_site: bool = False
    derived: bool = False

    @property
    def blocks_all(self) -> bool:
        return self.class_ == ABSOLUTE


def _absolute(
    code: str, label: str, client_label: str, *, derived: bool = False
) -> Contraindication:
    return Contraindication(
        code, label, client_label, ABSOLUTE, ALL_REGIONS, ALL_MODALITIES, derived=derived
    )


def _blocks(
    code: str,
    label: str,
    client_label: str,
    class_: str,
    regions: str = "",
    modalities: str = "",
) -> Contraindication:
    return Contraindication(
        code,
        label,
        client_label,
        class_,
        frozenset(regions.split()),
        frozenset(modalities.split()),
    )


def _site(code: str, label: str, client_label: str) -> Contraindication:
    return Contraindication(
        code, label, client_label, LOCAL, frozenset(), frozenset(), takes_site=True
    )


DERIVED_CONTRAINDICATION: Final = "CI01"

CONTRAINDICATIONS: Final[dict[str, Contraindication]] = {
    ci.code: ci
    for ci in (
        _absolute(
            DERIVED_CONTRAINDICATION,
            "red flag needing medical care first",
            "warning signs that need a doctor before any treatment",
            derived=True,
        ),
        _absolute("CI02", "fever / acute infection", "a fever or an infection right now"),
        _absolute(
            "CI03",
            "suspected or known DVT / phlebitis",
            "a blood clot in a leg vein (known or suspected) or an inflamed vein",
        ),
        _absolute(
            "CI04",
            "acute condition needing medical attention",
            "a new health problem that needs a doctor first",
        ),
        _absolute(
            "CI05",
            "severe / uncontrolled hypertension",
            "very high or uncontrolled blood pressure",
        ),
        _blocks(
            "CI06",
            "known aneurysm",
            "a known aneurysm (a swollen artery)",
            RELATIVE,
            "ABD AHIP",
            "DEEP",
        ),
        _blocks(
            "CI07",
            "AAA risk profile",
            "a higher risk of a swollen main artery in the belly",
            RELATIVE,
            "ABD",
        ),
        _blocks("CI08", "pregnancy", "pregnancy", RELATIVE, "ABD", "DEEP"),
        _blocks(
            "CI09",
            "abdominal / pelvic surgery < 6 weeks",
            "an operation on your belly or pelvis in the last 6 weeks",
            LOCAL,
            "ABD AHIP",
        ),
        _blocks(
            "CI10",
            "abdominal / inguinal / femoral hernia",
            "a hernia in your belly or groin",
            LOCAL,
            "ABD AHIP",
        ),
        _blocks(
            "CI11",
            "acute abdominal inflammation / unexplained abdominal pain",
            "an inflamed bowel or stomach right now, or belly pain nobody has explained",
            LOCAL,
            "ABD",
        ),
        _blocks(
            "CI12",
            "anticoagulants / bleeding disorder / low platelets",
            "blood thinners, or a condition that makes you bleed or bruise easily",
            RELATIVE,
            "ABD",
            "DEEP",
        ),
        _blocks(
            "CI13",
            "active cancer or cancer treatment",
            "cancer or cancer treatment at the moment",
            RELATIVE,
            modalities="DEEP",
        ),
        _blocks(
            "CI14",
            "severe osteoporosis / recent fracture / long-term steroids",
            "very thin bones, a recent broken bone, or steroid medicine long term",
            RELATIVE,
            modalities="DEEP STRETCH",
        ),
        _site("CI15", "open wound / burn / skin infection", "a wound, burn or skin infection"),
        _site("CI16", "acute local inflammation", "a hot, swollen or inflamed area"),
        _blocks(
            "CI17",
            "severe / painful varicose veins",
            "severe or painful varicose veins",
            LOCAL,
            "PTHI LLEG",
        ),
        _blocks(
            "CI18",
            "highly irritable leg pain",
            "leg pain that flares with light touch or gentle movement",
            RELATIVE,
            modalities="NEURAL STRETCH",
        ),
        _site("CI19", "local nerve damage / neuropathy", "nerve damage or numbness in an area"),
        _blocks(
            "CI20",
            "fragile skin / heart condition",
            "fragile skin or a heart condition",
            RELATIVE,
            modalities="DEEP",
        ),
        _blocks(
            "CI21",
            "history of abuse or trauma (abdominal work with explicit consent only)",
            "past experiences that mean belly work needs your clear agreement first",
            RELATIVE,
            "ABD",
        ),
        _blocks(
            "CI22",
            "hip replacement / hip surgery",
            "a hip replacement or other hip surgery",
            RELATIVE,
            "AHIP",
            "STRETCH",
        ),
        _blocks("CI23", "meal within the last hour", "a meal in the last hour", LOCAL, "ABD"),
    )
}
# The codes a client's answers may name (CI01 is only ever derived).
ENTERED_CONTRAINDICATIONS: Final = frozenset(
    code for code, ci in CONTRAINDICATIONS.items() if not ci.derived
)
SITE_CONTRAINDICATIONS: Final = frozenset(
    code for code, ci in CONTRAINDICATIONS.items() if ci.takes_site
)


@dataclass(frozen=True)
class PainRegion:
    code: str
    label: str
    side: str | None = None


_CENTRAL_PAIN_REGIONS = (
    ("low_back", "low back"),
    ("mid_back", "middle back"),
    ("abdomen", "belly"),
)
_SIDED_PAIN_REGIONS = (
    ("groin", "groin"),
    ("front_hip", "front of hip"),
    ("buttock", "buttock"),
    ("front_thigh", "front of thigh"),
    ("back_thigh", "back of thigh"),
    ("knee", "knee"),
    ("calf", "calf"),
    ("foot", "foot"),
)
LEFT: Final = "left"
RIGHT: Final = "right"
SIDES: Final = (LEFT, RIGHT)

PAIN_REGIONS: Final[dict[str, PainRegion]] = {
    region.code: region
    for region in (
        *(PainRegion(code, label) for code, label in _CENTRAL_PAIN_REGIONS),
        *(
            PainRegion(f"{code}_{side}", f"{side} {label}", side)
            for side in SIDES
            for code, label in _SIDED_PAIN_REGIONS
        ),
    )
}
# A leg is "marked" when any of these is marked (SCREENING.md, rule 1).
LEG_PAIN_REGIONS: Final[dict[str, frozenset[str]]] = {
    side: frozenset(f"{part}_{side}" for part in ("back_thigh", "calf", "foot")) for side in SIDES
}


def codes_that_can_block(
    regions: frozenset[str] | set[str] | list[str],
    modality: str,
    extra: frozenset[str] | set[str] | list[str] = (),
) -> frozenset[str]:
    """The contraindication codes that would block a library entry on their own
    (SCREENING.md rule 7, seen from the entry's side): absolute codes (CI01 included) and
    codes whose row lists one of the entry's regions or its modality; a site code, which can
    name any of the entry's regions; and the extra codes an admin listed on the entry.
    ADVICE is blocked only by a site code on one of its own regions or by an extra code.
    """
    regions = frozenset(regions)
    codes = set(extra)
    for code, row in CONTRAINDICATIONS.items():
        if row.takes_site:
            if regions:
                codes.add(code)
        elif modality != ADVICE and (
            row.blocks_all or regions & row.regions or modality in row.modalities
        ):
            codes.add(code)
    return frozenset(codes)
