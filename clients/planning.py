"""Session planning rules: a session's screening answers, suggested plans and overrides.

Plain Python with no Django imports, like clients.screening, so the rules are easy to test
with random answers. The order of a plan follows LIBRARY.md: a warm-up first, main work,
finishing work last. What may be added follows SCREENING.md rules 7 and 9.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clients.screening import (
    DEEP_GLUTEAL_SIGNS,
    DO_NOT_TREAT,
    SCIATICA_SIGNS,
    LibraryEntry,
    blocking_codes,
    is_blocked,
    override_allowed,
)
from techniques.vocabulary import DEEP_GLUTEAL, PSOAS, SCIATICA, SYMPTOMS

WARM_UP, MAIN, FINISH = "warm-up", "main", "finish"
ROLE_ORDER = {WARM_UP: 0, MAIN: 1, FINISH: 2}

# Plan focus (clients.models.PlanFocus values).
FOCUS_PSOAS, FOCUS_SCIATIC, FOCUS_BOTH, FOCUS_RELAXATION = "psoas", "sciatic", "both", "relaxation"
PSOAS_SIGNS = frozenset(code for code, sign in SYMPTOMS.items() if sign.pattern == PSOAS)
SCIATIC_SIGNS = frozenset(SCIATICA_SIGNS | DEEP_GLUTEAL_SIGNS)
FOCUS_SIGNS = {
    FOCUS_PSOAS: PSOAS_SIGNS,
    FOCUS_SCIATIC: SCIATIC_SIGNS,
    FOCUS_BOTH: PSOAS_SIGNS | SCIATIC_SIGNS,
}
PATTERN_SIGNS = {PSOAS: PSOAS_SIGNS, SCIATICA: SCIATICA_SIGNS, DEEP_GLUTEAL: DEEP_GLUTEAL_SIGNS}
# LIBRARY.md: "A relaxation-focused plan uses LIGHT entries and gentle finishing stretches only."
RELAXATION_MODALITY, GENTLE_FINISH_MODALITY = "LIGHT", "STRETCH"
# Finishing work a suggested plan keeps, so most of the time goes to the main work.
MAX_FINISHERS = 2


@dataclass(frozen=True)
class Technique:
    """A published session technique as the planner sees it."""

    pk: int
    slug: str
    name: str
    region: str | None
    modality: str
    role: str
    minutes: int | None
    indications: frozenset[str] = frozenset()
    extra_contraindications: frozenset[str] = frozenset()

    @property
    def library_entry(self) -> LibraryEntry:
        return LibraryEntry(self.slug, self.region, self.modality, self.extra_contraindications)

    @property
    def plannable(self) -> bool:
        """Suggestions need a role and default minutes; the therapist may add any entry."""
        return self.role in ROLE_ORDER and bool(self.minutes)


# --- The answers screened for one session ------------------------------------------------


def session_answers(
    intake_answers: Mapping[str, Any],
    new_red_flags: Iterable[str] = (),
    new_contraindications: Iterable[str] = (),
) -> dict[str, Any]:
    """The signed intake's answers plus what the check-in added.

    A red flag reported again at check-in counts as new: an earlier medical clearance
    of the same flag no longer covers it.
    """
    new_red_flags = set(new_red_flags)
    answers = dict(intake_answers)
    answers["red_flags"] = sorted(set(answers.get("red_flags", [])) | new_red_flags)
    answers["contraindications"] = sorted(
        set(answers.get("contraindications", [])) | set(new_contraindications)
    )
    cleared = sorted(set(answers.pop("cleared", [])) - new_red_flags)
    if cleared:
        answers["cleared"] = cleared
    return answers


# --- What may go into a plan (rules 7 and 9) ---------------------------------------------


@dataclass(frozen=True)
class Verdict:
    blocked: bool
    codes: tuple[str, ...] = ()
    overridable: bool = False

    @property
    def addable(self) -> bool:
        return not self.blocked or self.overridable


def verdict(result: Mapping[str, Any], technique: Technique) -> Verdict:
    """Whether a technique is blocked for this screening, by which codes, and whether rule 9
    lets the therapist add it anyway with a written reason."""
    entry = technique.library_entry
    if not is_blocked(result, entry):
        return Verdict(blocked=False)
    codes = tuple(blocking_codes(result, entry))
    # No codes at all would make the subset test of rule 9 vacuously true: never override.
    overridable = bool(codes) and override_allowed(codes, result["decision"])
    return Verdict(blocked=True, codes=codes, overridable=overridable)


def item_allowed(result: Mapping[str, Any], technique: Technique, override_reason: str) -> bool:
    """A plan item stands when its entry is not blocked, or is a rule-9 override with a reason."""
    found = verdict(result, technique)
    return not found.blocked or (found.overridable and bool(override_reason.strip()))


# --- Suggesting a plan -------------------------------------------------------------------


def fits_focus(technique: Technique, focus: str) -> bool:
    if focus == FOCUS_RELAXATION:
        return technique.modality == RELAXATION_MODALITY or (
            technique.role == FINISH and technique.modality == GENTLE_FINISH_MODALITY
        )
    if technique.role == WARM_UP:
        return True
    return bool(technique.indications & FOCUS_SIGNS[focus])


def rank_key(result: Mapping[str, Any], technique: Technique) -> tuple[int, int, str]:
    """Entries suiting more of the client's likely patterns first, then those indicated by
    more of the signs they reported; the slug settles ties so suggestions are repeatable."""
    patterns = result["patterns"]
    likely = sum(
        1
        for name, pattern in patterns.items()
        if pattern["likely"] and technique.indications & PATTERN_SIGNS[name]
    )
    reported = {sign for pattern in patterns.values() for sign in pattern["signs"]}
    return (-likely, -len(technique.indications & reported), technique.slug)


def suggest_plan(
    result: Mapping[str, Any], techniques: Iterable[Technique], focus: str, length: int
) -> list[Technique]:
    """An ordered plan (each entry at its default minutes) that fits in `length` minutes.

    A warm-up first when one is eligible, main work ranked by `rank_key`, finishing work
    last. When it runs over, the lowest-ranked main work goes first, then finishing work.
    Under do_not_treat there is no plan.
    """
    if result["decision"] == DO_NOT_TREAT:
        return []
    candidates = sorted(
        (
            t
            for t in techniques
            if t.plannable and fits_focus(t, focus) and not verdict(result, t).blocked
        ),
        key=lambda t: rank_key(result, t),
    )
    by_role = {role: [t for t in candidates if t.role == role] for role in ROLE_ORDER}
    warm_ups = [t for t in by_role[WARM_UP] if t.minutes <= length][:1]
    main = by_role[MAIN]
    finish = by_role[FINISH] if focus == FOCUS_RELAXATION else by_role[FINISH][:MAX_FINISHERS]
    for droppable in (main, finish, warm_ups):
        while droppable and total_minutes(warm_ups + main + finish) > length:
            droppable.pop()
    return warm_ups + main + finish


def total_minutes(techniques: Sequence[Technique]) -> int:
    return sum(t.minutes or 0 for t in techniques)


def insert_position(roles: Sequence[str], role: str) -> int:
    """Where an added entry goes: after the last item of its role or an earlier one."""
    rank = ROLE_ORDER.get(role, ROLE_ORDER[MAIN])
    position = 0
    for index, other in enumerate(roles):
        if ROLE_ORDER.get(other, ROLE_ORDER[MAIN]) <= rank:
            position = index + 1
    return position


def guess_focus(result: Mapping[str, Any]) -> str:
    """The focus the plan builder offers first: the likely patterns, else the signs reported."""
    patterns = result["patterns"]
    psoas = patterns[PSOAS]["likely"]
    sciatic = patterns[SCIATICA]["likely"] or patterns[DEEP_GLUTEAL]["likely"]
    if not (psoas or sciatic):
        psoas = bool(patterns[PSOAS]["signs"])
        sciatic = bool(patterns[SCIATICA]["signs"] or patterns[DEEP_GLUTEAL]["signs"])
    if psoas and sciatic:
        return FOCUS_BOTH
    if psoas:
        return FOCUS_PSOAS
    return FOCUS_SCIATIC if sciatic else FOCUS_RELAXATION
