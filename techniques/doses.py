"""The usual dose ranges for self-care items, for gentle warnings in admin.

LIBRARY.md, "Facts the copy must respect": stretches are held 10–30 s (30–60 s for
older adults) and repeated 2–4 times (ACSM); ball or foam-roller work lasts 30–120 s
per muscle. A dose outside these is allowed (a therapist may have a reason) but an
admin saving one should be told.
"""

from __future__ import annotations

from techniques.models import Entry, HoldUnit, Kind

STRETCH_HOLD_SECONDS = (10, 60)
STRETCH_REPETITIONS = (2, 4)
ROLLING_HOLD_SECONDS = (30, 120)


def dose_warnings(entry: Entry) -> list[str]:
    """Plain-language notes on anything in a self-care dose outside the usual ranges."""
    if entry.kind != Kind.SELF_CARE:
        return []
    hold = _hold_seconds(entry)
    notes = []
    if entry.modality == "STRETCH":
        low, high = STRETCH_HOLD_SECONDS
        if hold and (hold[0] < low or hold[1] > high):
            notes.append(
                f"The stretch hold ({_seconds_text(hold)}) is outside the usual guidance: "
                "hold a stretch 10–30 seconds, or 30–60 seconds for older adults."
            )
        fewest, most = STRETCH_REPETITIONS
        if entry.repetitions is not None and not fewest <= entry.repetitions <= most:
            notes.append(
                f"The stretch is repeated {entry.repetitions} "
                f"{'time' if entry.repetitions == 1 else 'times'}: "
                "the usual guidance is 2–4 repetitions."
            )
    elif entry.modality == "DEEP":
        low, high = ROLLING_HOLD_SECONDS
        if hold and (hold[0] < low or hold[1] > high):
            notes.append(
                f"The ball or foam-roller time ({_seconds_text(hold)}) is outside the usual "
                "guidance of 30–120 seconds per muscle."
            )
    return notes


def _hold_seconds(entry: Entry) -> tuple[int, int] | None:
    if entry.hold_min is None and entry.hold_max is None:
        return None
    low = entry.hold_min if entry.hold_min is not None else entry.hold_max
    high = entry.hold_max if entry.hold_max is not None else entry.hold_min
    factor = 60 if entry.hold_unit == HoldUnit.MINUTES else 1
    return low * factor, high * factor


def _seconds_text(hold: tuple[int, int]) -> str:
    low, high = hold
    return f"{low} seconds" if low == high else f"{low}–{high} seconds"


# SCREENING.md section 4, rule 6: a per-client dose outside these ranges needs the
# therapist's confirmation; beyond twice the top of a range it is refused, and so is a
# heat pack over 20 minutes.
HEAT_PACK = "heat-pack"
HEAT_PACK_MAX_MINUTES = 20
HEAT_PACK_MINUTES = (15, HEAT_PACK_MAX_MINUTES)


def dose_check(slug: str, modality: str, dose) -> tuple[list[str], list[str]]:
    """(needs confirmation, refused) for a per-client dose: plain sentences naming the
    usual range, each about one part of the dose. `dose` has the DOSE_FIELDS attributes."""
    confirm: list[str] = []
    refuse: list[str] = []
    hold = _hold_seconds(dose)

    def check(value, low, high, what, unit):
        if value is None:
            return
        if value > 2 * high:
            refuse.append(
                f"{what} of {value} is more than twice the usual top of {high} {unit}: "
                f"choose {2 * high} {unit} or less."
            )
        elif not low <= value <= high:
            confirm.append(f"{what} of {value} is outside the usual {low}–{high} {unit}.")

    if slug == HEAT_PACK and hold:
        minutes = hold[1] / 60
        if minutes > HEAT_PACK_MAX_MINUTES:
            refuse.append(
                f"A heat pack stays on for {HEAT_PACK_MAX_MINUTES} minutes at most, to avoid "
                "burns: choose 20 minutes or less."
            )
        elif hold[0] / 60 < HEAT_PACK_MINUTES[0]:
            confirm.append("A heat pack is usually on for 15–20 minutes.")
    elif modality == "STRETCH":
        if hold:
            check(hold[1] if hold[1] > STRETCH_HOLD_SECONDS[1] else hold[0], *STRETCH_HOLD_SECONDS,
                  "A stretch hold", "seconds")  # fmt: skip
        check(dose.repetitions, *STRETCH_REPETITIONS, "Repeating it", "times")
    elif modality == "DEEP" and hold:
        check(hold[1] if hold[1] > ROLLING_HOLD_SECONDS[1] else hold[0], *ROLLING_HOLD_SECONDS,
              "Ball or foam-roller time", "seconds")  # fmt: skip
    return confirm, refuse
