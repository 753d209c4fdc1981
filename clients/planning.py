"""Session planning rules: suggested plans, their order and focus.

Plain Python with no Django imports, like clients.screening, so the rules are easy to test
with random answers. The order of a plan follows LIBRARY.md: a warm-up first, main work,
finishing work last. What may be added is clients.screening.verdict (rules 7 and 9).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from clients.screening import (
    DEEP_GLUTEAL_SIGNS,
    DO_NOT_TREAT,
    SCIATICA_SIGNS,
    LibraryEntry,
    verdict,
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


class Technique(Protocol):
    """A published session technique as the planner sees it (clients.library.LibraryItem)."""

    slug: str
    modality: str
    role: str
    minutes: int | None
    indications: frozenset[str]

    @property
    def library_entry(self) -> LibraryEntry: ...

    @property
    def plannable(self) -> bool: ...


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
            if t.plannable and fits_focus(t, focus) and not verdict(result, t.library_entry).blocked
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
