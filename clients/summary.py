"""A screening result, put in words and colours for the therapist's pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from techniques import vocabulary as vocab

TRIAGE_DISPLAY = {
    "emergency": (
        "danger",
        "Emergency",
        "Stop: no treatment. Send the client to emergency care now (A&E or the emergency number).",
    ),
    "urgent": (
        "danger",
        "Urgent",
        "No treatment until a doctor has cleared the client. They need a same-day medical assessment.",
    ),
    "gp_review": (
        "warning",
        "GP review",
        "Advise a routine review with their GP. Treatment may go ahead with precautions.",
    ),
    "none": ("success", "No red flags", "No warning signs that need a doctor first."),
}
DECISION_DISPLAY = {
    "do_not_treat": ("danger", "Do not treat"),
    "treat_with_precautions": ("warning", "Treat with precautions"),
    "treat": ("success", "Treat"),
}


@dataclass
class BlockedEntry:
    slug: str
    name: str
    codes: list[str]
    reasons: list[str]


@dataclass
class ScreeningSummary:
    result: dict[str, Any]
    triage_colour: str = ""
    triage_label: str = ""
    triage_advice: str = ""
    decision_colour: str = ""
    decision_label: str = ""
    red_flags: list[dict[str, Any]] = field(default_factory=list)
    contraindications: list[dict[str, Any]] = field(default_factory=list)
    blocked_regions: list[str] = field(default_factory=list)
    blocked_modalities: list[str] = field(default_factory=list)
    likely_patterns: list[str] = field(default_factory=list)
    blocked_entries: list[BlockedEntry] = field(default_factory=list)
    eligible_count: int = 0

    @property
    def stops_treatment(self) -> bool:
        return self.result["decision"] == "do_not_treat"

    @property
    def needs_referral(self) -> bool:
        return any(not flag["cleared"] for flag in self.result["red_flags"])


def summarise(result: dict[str, Any], entry_names: dict[str, str]) -> ScreeningSummary:
    colour, label, advice = TRIAGE_DISPLAY[result["triage"]]
    if result["triage"] == "none" and result["decision"] == "do_not_treat":
        advice = "No red flags, but a condition present rules out hands-on treatment today."
    decision_colour, decision_label = DECISION_DISPLAY[result["decision"]]
    summary = ScreeningSummary(result, colour, label, advice, decision_colour, decision_label)
    summary.red_flags = [
        {
            **flag,
            "label": vocab.RED_FLAGS[flag["code"]].label,
            "action_label": vocab.ACTIONS[flag["action"]].label,
        }
        for flag in result["red_flags"]
    ]
    summary.contraindications = [
        {
            **ci,
            "label": vocab.CONTRAINDICATIONS[ci["code"]].label,
            "site_label": vocab.REGIONS[ci["site"]].label if ci["site"] else "",
        }
        for ci in result["contraindications"]
    ]
    summary.blocked_regions = [
        f"{vocab.REGIONS[r].label} ({r})" for r in result["blocked"]["regions"]
    ]
    summary.blocked_modalities = [
        f"{vocab.MODALITIES[m].label} ({m})" for m in result["blocked"]["modalities"]
    ]
    summary.likely_patterns = [
        vocab.PATTERNS[name].label
        + (f", {p['side']} side" if p.get("side") and name == "sciatica" else "")
        for name, p in result["patterns"].items()
        if p["likely"]
    ]
    summary.blocked_entries = [
        BlockedEntry(
            slug,
            entry_names.get(slug, slug),
            codes,
            [vocab.CONTRAINDICATIONS[code].label for code in codes],
        )
        for slug, codes in result["library"]["blocked"].items()
    ]
    summary.eligible_count = len(result["library"]["eligible"])
    return summary
