"""Screening: intake answers in, a screening result out (SCREENING.md, sections 2 and 3).

Plain Python with no Django imports, so the `screen` command, the intake views, the session
planner and the self-care sheet builder all apply exactly the same rules. Each numbered
rule of SCREENING.md section 2 has its own function below; `screen()` strings them together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from techniques.vocabulary import (
    ABSOLUTE,
    ACTION_ORDER,
    ADVICE,
    ALL_MODALITIES,
    ALL_REGIONS,
    CONTRAINDICATIONS,
    DEEP_GLUTEAL,
    DERIVED_CONTRAINDICATION,
    EMERGENCY,
    GP_REVIEW,
    LEFT,
    LEG_PAIN_REGIONS,
    MODALITIES,
    PAIN_REGIONS,
    PATTERNS,
    PSOAS,
    RED_FLAGS,
    REGIONS,
    RIGHT,
    SCIATICA,
    SYMPTOMS,
    URGENT,
)

TRIAGE_NONE = "none"
DO_NOT_TREAT = "do_not_treat"
TREAT_WITH_PRECAUTIONS = "treat_with_precautions"
TREAT = "treat"
DECISIONS = (DO_NOT_TREAT, TREAT_WITH_PRECAUTIONS, TREAT)
BOTH = "both"

# Rule 9: the only codes a therapist may override with a written reason.
OVERRIDABLE_CONTRAINDICATIONS = frozenset({"CI13", "CI20", "CI21", "CI22", "CI23"})

PSOAS_KEY_SIGN = "PS04"
SCIATICA_SIGNS = frozenset({"SC01", "SC02", "SC03", "SC04", "SC05", "SC06", "SC08"})
SCIATICA_KEY_SIGN = "SC01"
DEEP_GLUTEAL_SIGNS = frozenset({"SC07", "SC09"})
# Rule 1: signs of which one, with both legs marked, derives RF04.
BILATERAL_NERVE_SIGNS = frozenset({"SC01", "SC02", "SC03", "SC04"})
BILATERAL_SCIATICA_FLAG = "RF04"
AGE_FLAG = "RF18"
AGE_FLAG_UNDER, AGE_FLAG_OVER = 20, 50

ANSWER_KEYS = (
    "age",
    "new_onset",
    "pain_now",
    "symptoms",
    "red_flags",
    "contraindications",
    "pain_regions",
    "cleared",
)
AGE_RANGE = (0, 120)
PAIN_RANGE = (0, 10)


@dataclass(frozen=True)
class LibraryEntry:
    """What screening needs to know about one technique or self-care item."""

    slug: str
    regions: frozenset[str]
    modality: str
    extra_contraindications: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Answers:
    """Validated intake answers; lists become sets because a repeated code counts once."""

    age: int | None = None
    new_onset: bool | None = None
    pain_now: int | None = None
    symptoms: frozenset[str] = frozenset()
    red_flags: frozenset[str] = frozenset()
    cleared: frozenset[str] = frozenset()
    contraindications: frozenset[tuple[str, str | None]] = frozenset()
    pain_regions: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        """The answers as JSON-ready data that `validate_answers` reads back unchanged."""
        data: dict[str, Any] = {}
        for key in ("age", "new_onset", "pain_now"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        lists = {
            "symptoms": self.symptoms,
            "red_flags": self.red_flags,
            "contraindications": {_ci_text(code, site) for code, site in self.contraindications},
            "pain_regions": self.pain_regions,
            "cleared": self.cleared,
        }
        data.update({key: sorted(values) for key, values in lists.items() if values})
        return data


def _ci_text(code: str, site: str | None) -> str:
    return f"{code}:{site}" if site else code


# --- Validation (section 3) --------------------------------------------------------------


class AnswerError(ValueError):
    """Bad answers; the message names the field (with its array index) and the bad value."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class _NonFinite:
    """Stands in for NaN/Infinity while decoding, so validation can name the field."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class _JsonObject(dict):
    """A decoded JSON object that remembers keys given more than once."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> _JsonObject:
        obj = cls(pairs)
        keys = [key for key, _ in pairs]
        obj.repeated = tuple(sorted({key for key in keys if keys.count(key) > 1}))
        return obj


def parse_answers_json(text: str) -> Answers | list[Answers]:
    """Decode and validate answers; a JSON array gives a list, an object one `Answers`."""
    try:
        data = json.loads(text, object_pairs_hook=_JsonObject.from_pairs, parse_constant=_NonFinite)
    except RecursionError:
        raise AnswerError("input", "JSON nested too deeply") from None
    except ValueError as exc:
        raise AnswerError("input", f"not valid JSON ({exc})") from None
    if isinstance(data, list):
        return [validate_answers(item, where=f"[{index}]") for index, item in enumerate(data)]
    if not isinstance(data, Mapping):
        raise AnswerError("input", f"{_show(data)} is not an answers object or an array of them")
    return validate_answers(data)


def validate_answers(obj: object, where: str = "") -> Answers:
    """Validate one answers object (decoded JSON or the web intake's Python data).

    `where` prefixes field names in errors, e.g. "[3]" gives "[3].age: ...".
    """
    if not isinstance(obj, Mapping):
        raise AnswerError(where or "input", f"{_show(obj)} is not an answers object")
    for key in getattr(obj, "repeated", ()):
        raise AnswerError(_path(where, _key_name(key)), "key given more than once")
    for key in sorted(obj, key=str):
        if key not in ANSWER_KEYS:
            raise AnswerError(_path(where, _key_name(key)), "unknown key")
        if obj[key] is None:
            raise AnswerError(_path(where, key), "null is not allowed; leave the key out")
    answers = Answers(
        age=_whole_number(obj, "age", AGE_RANGE, where),
        new_onset=_boolean(obj, "new_onset", where),
        pain_now=_whole_number(obj, "pain_now", PAIN_RANGE, where),
        symptoms=_codes(obj, "symptoms", SYMPTOMS, "a symptom code", where),
        red_flags=_codes(obj, "red_flags", RED_FLAGS, "a red flag code", where),
        contraindications=_contraindications(obj, where),
        pain_regions=_codes(obj, "pain_regions", PAIN_REGIONS, "a pain-map region", where),
    )
    cleared = _codes(obj, "cleared", RED_FLAGS, "a red flag code", where)
    _check_cleared_are_present(obj, answers, where)
    return replace(answers, cleared=cleared)


def _show(value: object) -> str:
    """A value as the client wrote it (JSON), shortened to fit in one error line."""
    if isinstance(value, _NonFinite):
        return value.text
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = ascii(value) if not isinstance(value, int) else "a very long number"
    return text if len(text) <= 60 else text[:57] + "..."


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _key_name(key: object) -> str:
    """An unknown key as written, quoted when it is not a plain name."""
    plain = isinstance(key, str) and key.isascii() and key.isidentifier() and len(key) <= 60
    return key if plain else _show(key)


def _whole_number(obj: Mapping, key: str, bounds: tuple[int, int], where: str) -> int | None:
    if key not in obj:
        return None
    value, path = obj[key], _path(where, key)
    if isinstance(value, float) and not isinstance(value, bool):
        raise AnswerError(path, f"{_show(value)} is not a whole number")
    if not isinstance(value, int) or isinstance(value, bool):
        raise AnswerError(path, f"{_show(value)} is not a number")
    low, high = bounds
    if not low <= value <= high:
        raise AnswerError(path, f"{_show(value)} is out of range {low}-{high}")
    return value


def _boolean(obj: Mapping, key: str, where: str) -> bool | None:
    if key not in obj:
        return None
    if not isinstance(obj[key], bool):
        raise AnswerError(_path(where, key), f"{_show(obj[key])} is not true or false")
    return obj[key]


def _list(obj: Mapping, key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list | tuple):
        raise AnswerError(_path(where, key), f"{_show(value)} is not a list")
    return list(value)


def _codes(obj: Mapping, key: str, known: Mapping, kind: str, where: str) -> frozenset[str]:
    codes = set()
    for index, value in enumerate(_list(obj, key, where)):
        if not isinstance(value, str) or value not in known:
            raise AnswerError(f"{_path(where, key)}[{index}]", _not_a(value, kind))
        codes.add(value)
    return frozenset(codes)


def _not_a(value: object, kind: str) -> str:
    """Says what a code of the wrong kind is, so the client sees which list it belongs in."""
    other_kinds = {
        "a symptom code": SYMPTOMS,
        "a red flag code": RED_FLAGS,
        "a contraindication code": CONTRAINDICATIONS,
        "a pain-map region": PAIN_REGIONS,
        "a treatment region": REGIONS,
    }
    for other_kind, codes in other_kinds.items():
        if isinstance(value, str) and value in codes and other_kind != kind:
            return f"{_show(value)} is {other_kind}, not {kind}"
    return f"{_show(value)} is not {kind}"


def _contraindications(obj: Mapping, where: str) -> frozenset[tuple[str, str | None]]:
    entered = set()
    for index, value in enumerate(_list(obj, "contraindications", where)):
        path = f"{_path(where, 'contraindications')}[{index}]"
        entered.add(_contraindication(value, path))
    return frozenset(entered)


def _contraindication(value: object, path: str) -> tuple[str, str | None]:
    if not isinstance(value, str):
        raise AnswerError(path, _not_a(value, "a contraindication code"))
    code, colon, site = value.partition(":")
    if code == DERIVED_CONTRAINDICATION:
        raise AnswerError(path, f"{_show(value)} is derived from red flags and is never entered")
    if code not in CONTRAINDICATIONS:
        raise AnswerError(path, _not_a(value, "a contraindication code"))
    takes_site = CONTRAINDICATIONS[code].takes_site
    if takes_site and not colon:
        raise AnswerError(path, f"{_show(value)} needs its site, e.g. {code}:GLUT")
    if not takes_site and colon:
        raise AnswerError(path, f"{_show(value)} takes no site; write {code}")
    if takes_site and site not in REGIONS:
        regions = ", ".join(sorted(REGIONS))
        raise AnswerError(path, f"{_show(value)}: the site must be one of {regions}")
    return code, site or None


def _check_cleared_are_present(obj: Mapping, answers: Answers, where: str) -> None:
    present = answers.red_flags | derived_red_flags(answers)
    for index, code in enumerate(_list(obj, "cleared", where)):
        if code not in present:
            raise AnswerError(
                f"{_path(where, 'cleared')}[{index}]",
                f"{_show(code)} is not among the red flags present",
            )


# --- Rule 1: derived red flags -----------------------------------------------------------


def marked_legs(pain_regions: Iterable[str]) -> frozenset[str]:
    """The sides whose back of thigh, calf or foot is marked on the pain map."""
    marked = set(pain_regions)
    return frozenset(side for side, leg in LEG_PAIN_REGIONS.items() if leg & marked)


def derives_bilateral_sciatica(answers: Answers) -> bool:
    both_legs = len(marked_legs(answers.pain_regions)) == 2
    return both_legs and bool(answers.symptoms & BILATERAL_NERVE_SIGNS)


def derives_age_flag(answers: Answers) -> bool:
    age_at_risk = answers.age is not None and not AGE_FLAG_UNDER <= answers.age <= AGE_FLAG_OVER
    return age_at_risk and answers.new_onset is True


def derived_red_flags(answers: Answers) -> frozenset[str]:
    derived = set()
    if derives_bilateral_sciatica(answers):
        derived.add(BILATERAL_SCIATICA_FLAG)
    if derives_age_flag(answers):
        derived.add(AGE_FLAG)
    return frozenset(derived)


def red_flag_rows(answers: Answers) -> list[dict[str, Any]]:
    """Entered and derived flags; rule 2: cleared ones stay listed, marked cleared."""
    derived = derived_red_flags(answers)
    return [
        {
            "code": code,
            "action": RED_FLAGS[code].action,
            "derived": code not in answers.red_flags,
            "cleared": code in answers.cleared,
        }
        for code in sorted(answers.red_flags | derived)
    ]


# --- Rules 3 to 5: triage, CI01, decision ------------------------------------------------


def triage_level(red_flags: Iterable[Mapping[str, Any]]) -> str:
    """Rule 3: the most serious action among uncleared flags, or "none"."""
    actions = {flag["action"] for flag in red_flags if not flag["cleared"]}
    return next((action for action in ACTION_ORDER if action in actions), TRIAGE_NONE)


def contraindication_rows(answers: Answers, triage: str) -> list[dict[str, Any]]:
    """Entered contraindications plus rule 4: CI01 when triage is emergency or urgent."""
    present = set(answers.contraindications)
    if triage in (EMERGENCY, URGENT):
        present.add((DERIVED_CONTRAINDICATION, None))
    return [
        {"code": code, "class": CONTRAINDICATIONS[code].class_, "site": site}
        for code, site in sorted(present, key=lambda pair: (pair[0], pair[1] or ""))
    ]


def decide(
    triage: str,
    contraindications: Iterable[Mapping[str, Any]],
    red_flags: Iterable[Mapping[str, Any]],
) -> str:
    """Rule 5."""
    classes = {ci["class"] for ci in contraindications}
    if triage in (EMERGENCY, URGENT) or ABSOLUTE in classes:
        return DO_NOT_TREAT
    any_cleared = any(flag["cleared"] for flag in red_flags)
    if triage != TRIAGE_NONE or classes or any_cleared:
        return TREAT_WITH_PRECAUTIONS
    return TREAT


# --- Rules 6 and 7: what is blocked ------------------------------------------------------


def blocked_section(decision: str, contraindications: Iterable[Mapping[str, Any]]) -> dict:
    """Rule 6: blocked regions and modalities, each set on its own."""
    if decision == DO_NOT_TREAT:
        return {"all": True, "regions": sorted(ALL_REGIONS), "modalities": sorted(ALL_MODALITIES)}
    regions: set[str] = set()
    modalities: set[str] = set()
    for ci in contraindications:
        row = CONTRAINDICATIONS[ci["code"]]
        regions |= row.regions | ({ci["site"]} if ci["site"] else set())
        modalities |= row.modalities
    return {"all": False, "regions": sorted(regions), "modalities": sorted(modalities)}


def blocking_codes(result: Mapping[str, Any], entry: LibraryEntry) -> list[str]:
    """Rule 7: the codes present that each block `entry` on their own, sorted, no sites.

    ADVICE entries only ever count a site code on one of their regions or an extra code.
    """
    codes = set()
    for ci in result["contraindications"]:
        code, site = ci["code"], ci["site"]
        row = CONTRAINDICATIONS[code]
        on_site = site is not None and site in entry.regions
        hands_on = entry.modality != ADVICE and (
            row.blocks_all or entry.regions & row.regions or entry.modality in row.modalities
        )
        if on_site or hands_on or code in entry.extra_contraindications:
            codes.add(code)
    return sorted(codes)


def is_blocked(result: Mapping[str, Any], entry: LibraryEntry) -> bool:
    """Rule 7: whether `entry` is blocked for the client of `result`; an entry with several
    regions is blocked when any of them is."""
    present = {ci["code"] for ci in result["contraindications"]}
    if present & entry.extra_contraindications:
        return True
    if entry.modality == ADVICE:
        sites = {ci["site"] for ci in result["contraindications"] if ci["site"]}
        return bool(entry.regions & sites)
    blocked = result["blocked"]
    return (
        result["decision"] == DO_NOT_TREAT
        or bool(entry.regions & set(blocked["regions"]))
        or entry.modality in blocked["modalities"]
    )


@dataclass(frozen=True)
class Verdict:
    """Rules 7 and 9 for one entry: blocked or not, by which codes, and whether a written
    reason may still add it. The one verdict plans, sheets, links and counts all use."""

    blocked: bool
    codes: tuple[str, ...] = ()
    overridable: bool = False
    reason: str = ""

    @property
    def addable(self) -> bool:
        return not self.blocked or self.overridable

    def permits(self, override_reason: str) -> bool:
        """Not blocked, or (rule 9) overridable and a reason was written."""
        return not self.blocked or (self.overridable and bool(override_reason.strip()))


NOT_BLOCKED = Verdict(blocked=False)


def verdict(result: Mapping[str, Any], entry: LibraryEntry) -> Verdict:
    """Rule 7 (is `entry` blocked, by which codes) and rule 9 (may a reason override it)."""
    if not is_blocked(result, entry):
        return NOT_BLOCKED
    codes = tuple(blocking_codes(result, entry))
    # No codes at all would make the subset test of rule 9 vacuously true: never override.
    overridable = bool(codes) and override_allowed(codes, result["decision"])
    return Verdict(blocked=True, codes=codes, overridable=overridable)


def library_section(result: Mapping[str, Any], library: Iterable[LibraryEntry]) -> dict:
    eligible, blocked = [], {}
    for entry in library:
        if is_blocked(result, entry):
            blocked[entry.slug] = blocking_codes(result, entry)
        else:
            eligible.append(entry.slug)
    return {"eligible": sorted(eligible), "blocked": dict(sorted(blocked.items()))}


# Section 4, rule 5: the same written reason everywhere (plans and sheets).
OVERRIDE_REASON_MIN, OVERRIDE_REASON_MAX = 15, 500


def override_reason_problem(reason: str) -> str:
    """Why a rule-9 reason can't be accepted, or "" when it can."""
    text = (reason or "").strip()
    if not text:
        return "Write the reason: name the clearance or the client's consent that allows it."
    if len(text) < OVERRIDE_REASON_MIN:
        return (
            f"Write at least {OVERRIDE_REASON_MIN} characters: name the clearance or the "
            "client's consent that allows it."
        )
    if len(text) > OVERRIDE_REASON_MAX:
        return f"Keep the reason to {OVERRIDE_REASON_MAX} characters or fewer."
    return ""


def override_allowed(codes: Iterable[str], decision: str) -> bool:
    """Rule 9: an entry blocked only by overridable codes may be added with a reason."""
    return decision != DO_NOT_TREAT and set(codes) <= OVERRIDABLE_CONTRAINDICATIONS


# --- Rule 8: patterns --------------------------------------------------------------------


def psoas_pattern(symptoms: frozenset[str]) -> dict[str, Any]:
    signs = sorted(code for code in symptoms if SYMPTOMS[code].pattern == PSOAS)
    likely = len(signs) >= 3 or (len(signs) >= 2 and PSOAS_KEY_SIGN in signs)
    return {"signs": signs, "likely": likely}


def sciatica_pattern(symptoms: frozenset[str], pain_regions: frozenset[str]) -> dict[str, Any]:
    signs = sorted(symptoms & SCIATICA_SIGNS)
    likely = SCIATICA_KEY_SIGN in signs and len(signs) >= 2
    return {"signs": signs, "likely": likely, "side": sciatica_side(pain_regions)}


def sciatica_side(pain_regions: Iterable[str]) -> str | None:
    legs = marked_legs(pain_regions)
    if len(legs) == 2:
        return BOTH
    return next(iter(legs), None)


def deep_gluteal_pattern(symptoms: frozenset[str]) -> dict[str, Any]:
    signs = sorted(symptoms & DEEP_GLUTEAL_SIGNS)
    return {"signs": signs, "likely": len(signs) == len(DEEP_GLUTEAL_SIGNS)}


def pattern_section(answers: Answers) -> dict[str, dict[str, Any]]:
    return {
        PSOAS: psoas_pattern(answers.symptoms),
        SCIATICA: sciatica_pattern(answers.symptoms, answers.pain_regions),
        DEEP_GLUTEAL: deep_gluteal_pattern(answers.symptoms),
    }


# --- The whole result --------------------------------------------------------------------


def screen(answers: Answers | Mapping[str, Any], library: Iterable[LibraryEntry]) -> dict:
    """The screening result of SCREENING.md section 3, every key always present."""
    if not isinstance(answers, Answers):
        answers = validate_answers(answers)
    red_flags = red_flag_rows(answers)
    triage = triage_level(red_flags)
    contraindications = contraindication_rows(answers, triage)
    decision = decide(triage, contraindications, red_flags)
    result: dict[str, Any] = {
        "triage": triage,
        "decision": decision,
        "red_flags": red_flags,
        "contraindications": contraindications,
        "blocked": blocked_section(decision, contraindications),
        "patterns": pattern_section(answers),
    }
    result["library"] = library_section(result, library)
    result["messages"] = messages(result)
    return result


# --- Messages: plain language a therapist can read to the client --------------------------

TRIAGE_MESSAGES = {
    EMERGENCY: "Please go to A&E or call emergency services now: these signs need emergency "
    "care today, and we will not give any treatment.",
    URGENT: "Please see a doctor today: these signs need a medical check first, and we will "
    "not give any treatment until a doctor has cleared you.",
    GP_REVIEW: "Please book a routine review with your GP about these signs.",
}
_SIDE_WORDS = {LEFT: "on your left side", RIGHT: "on your right side", BOTH: "in both legs"}


def messages(result: Mapping[str, Any]) -> list[str]:
    """Deterministic sentences: what to do now, what is left out and why, likely patterns."""
    return [
        *_triage_messages(result),
        *_cleared_messages(result),
        *_decision_messages(result),
        *_blocked_messages(result),
        *_pattern_messages(result),
    ]


def _join(labels: Iterable[str]) -> str:
    return "; ".join(labels)


def _either(labels: Iterable[str]) -> str:
    return " or ".join(labels)


def _triage_messages(result: Mapping[str, Any]) -> list[str]:
    triage = result["triage"]
    if triage == TRIAGE_NONE:
        if result["decision"] == DO_NOT_TREAT:
            return []  # the decision's own message says why there is no treatment today
        return ["We found no warning signs that need a doctor first."]
    uncleared = [flag["code"] for flag in result["red_flags"] if not flag["cleared"]]
    signs = _join(RED_FLAGS[code].client_label for code in uncleared)
    return [TRIAGE_MESSAGES[triage], f"The warning signs are: {signs}."]


def _cleared_messages(result: Mapping[str, Any]) -> list[str]:
    cleared = [flag["code"] for flag in result["red_flags"] if flag["cleared"]]
    if not cleared:
        return []
    signs = _join(RED_FLAGS[code].client_label for code in cleared)
    return [f"A doctor has checked and cleared: {signs}. We will still take care."]


def _decision_messages(result: Mapping[str, Any]) -> list[str]:
    absolute = [
        ci["code"]
        for ci in result["contraindications"]
        if ci["class"] == ABSOLUTE and ci["code"] != DERIVED_CONTRAINDICATION
    ]
    if absolute:
        reasons = _join(CONTRAINDICATIONS[code].client_label for code in absolute)
        return [f"There can be no hands-on treatment today because of: {reasons}."]
    if result["decision"] == DO_NOT_TREAT:
        return []
    if result["decision"] == TREAT_WITH_PRECAUTIONS:
        return ["Treatment can go ahead today, with some care."]
    return ["Treatment can go ahead today."]


def _blocked_messages(result: Mapping[str, Any]) -> list[str]:
    """Under do_not_treat only site codes still say something: they also stop advice there."""
    rows = result["contraindications"]
    if result["decision"] == DO_NOT_TREAT:
        rows = [ci for ci in rows if ci["site"]]
    return [_blocked_sentence(ci["code"], ci["site"]) for ci in rows]


def _blocked_sentence(code: str, site: str | None) -> str:
    row = CONTRAINDICATIONS[code]
    if site:
        where = REGIONS[site].client_label
        return f"Because of {row.client_label} on {where}, we will not work on {where}."
    areas = _either(REGIONS[region].client_label for region in sorted(row.regions))
    methods = _either(MODALITIES[modality].client_label for modality in sorted(row.modalities))
    if areas and methods:
        return f"Because of {row.client_label}, we will not work on {areas}, nor use {methods}."
    if areas:
        return f"Because of {row.client_label}, we will not work on {areas}."
    return f"Because of {row.client_label}, we will not use {methods} anywhere."


def _pattern_messages(result: Mapping[str, Any]) -> list[str]:
    sentences = []
    for code, pattern in result["patterns"].items():
        if not pattern["likely"]:
            continue
        side = _SIDE_WORDS.get(pattern.get("side") or "", "")
        where = f", {side}" if side else ""
        sentences.append(
            f"Your answers fit a pattern often seen with {PATTERNS[code].client_label}"
            f"{where}; this is not a diagnosis, and your therapist will explain what it means."
        )
    return sentences
