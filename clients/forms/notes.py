"""Forms of the session note (SOAP, tests with side and degrees), amendments and the
client's activities. They validate only; clients.services.notes saves and signs."""

from __future__ import annotations

from typing import Any

from django import forms

from clients.forms.revision import add_revision_field
from clients.models import MAX_ACTIVITIES, Activity, Note
from clinic.validators import no_control_characters

SIDES = (("left", "Left"), ("right", "Right"))
POS_NEG = [("", "Not tested"), ("negative", "Negative"), ("positive", "Positive")]
RANGE_RESULTS = [("", "Not tested"), ("full", "Full"), ("restricted", "Restricted"),
                 ("painful", "Painful")]  # fmt: skip
# (code, name, result choices, largest angle or None when no angle is recorded)
OBJECTIVE_TESTS = (
    ("thomas", "Thomas test", POS_NEG, 90),
    ("slr", "Straight leg raise", POS_NEG, 120),
    ("slump", "Slump test", POS_NEG, None),
    ("fair", "FAIR (piriformis) test", POS_NEG, None),
    ("hip_range", "Hip range of motion", RANGE_RESULTS, 180),
)
TEST_NAMES = {code: name for code, name, _, _ in OBJECTIVE_TESTS}
DEGREE_HELP = {
    "thomas": "how far the thigh stays above the table",
    "slr": "the angle where symptoms start",
    "hip_range": "the range of movement",
}


def describe_objective(objective: list[dict[str, Any]]) -> list[str]:
    """A note's tests in words: "Straight leg raise, left: positive at 45°"."""
    lines = []
    for test in objective:
        degrees = f" at {test['degrees']}°" if test.get("degrees") is not None else ""
        name = TEST_NAMES.get(test.get("test"), test.get("test"))
        lines.append(f"{name}, {test.get('side')}: {test.get('result')}{degrees}")
    return lines


def saved_note(note: Note) -> list[tuple[str, str]]:
    """A stored note as (label, text) pairs, shown read-only beside an unsaved edit."""
    rows = [
        ("Pain now", "Not recorded" if note.pain_now is None else f"{note.pain_now}/10"),
        ("The client's report", note.subjective),
        ("Objective tests", "\n".join(describe_objective(note.objective or []))),
        ("What was done", note.done),
        ("Assessment", note.assessment),
        ("Plan for next time", note.plan_next),
    ]
    return [(label, text.strip() or "—") for label, text in rows]


class NoteForm(forms.ModelForm):
    pain_now = forms.IntegerField(
        label="Pain now (0–10)",
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
        error_messages={
            "min_value": "Pain is scored from 0 to 10.",
            "max_value": "Pain is scored from 0 to 10.",
            "invalid": "Pain is scored from 0 to 10.",
        },
    )

    class Meta:
        model = Note
        fields = ["pain_now", "subjective", "done", "assessment", "plan_next"]
        widgets = {
            "subjective": forms.Textarea(attrs={"rows": 3}),
            "done": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 3}),
            "plan_next": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"subjective": "The client's report", "done": "What was done"}

    def __init__(self, *args, activities: list[Activity], scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        add_revision_field(self, self.instance.revision)
        self.activities = activities
        stored = {(t.get("test"), t.get("side")): t for t in self.instance.objective or []}
        for code, name, results, max_degrees in OBJECTIVE_TESTS:
            for side, _ in SIDES:
                key = f"{code}_{side}"
                self.fields[f"{key}_result"] = forms.ChoiceField(
                    label=f"{name}, {side}: result", choices=results, required=False
                )
                self.initial[f"{key}_result"] = stored.get((code, side), {}).get("result", "")
                if max_degrees is None:
                    continue
                self.fields[f"{key}_degrees"] = forms.IntegerField(
                    label=f"{name}, {side}: degrees",
                    min_value=0,
                    max_value=max_degrees,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    error_messages={
                        "min_value": f"Between 0 and {max_degrees} degrees.",
                        "max_value": f"Between 0 and {max_degrees} degrees.",
                        "invalid": "Give whole degrees.",
                    },
                )
                self.initial[f"{key}_degrees"] = stored.get((code, side), {}).get("degrees")
        for activity in activities:
            self.fields[f"activity_{activity.pk}"] = forms.IntegerField(
                label=f"{activity.name} (0–10)",
                min_value=0,
                max_value=10,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
                error_messages={
                    "min_value": "Score it from 0 (easy) to 10 (impossible).",
                    "max_value": "Score it from 0 (easy) to 10 (impossible).",
                    "invalid": "Score it from 0 (easy) to 10 (impossible).",
                },
            )
            self.initial[f"activity_{activity.pk}"] = scores.get(activity.pk)

    def test_groups(self) -> list[dict[str, Any]]:
        """For the template: each test with a (result, degrees) pair of fields per side."""
        groups = []
        for code, name, _, max_degrees in OBJECTIVE_TESTS:
            sides = []
            for side, side_label in SIDES:
                key = f"{code}_{side}"
                degrees = self[f"{key}_degrees"] if max_degrees is not None else None
                # The whole name goes on the control (aria-label): a visually hidden
                # ", Thomas test, left" after "Result" reads "Result , Thomas test" in Chrome.
                sides.append(
                    {
                        "label": side_label,
                        "result": self[f"{key}_result"],
                        "result_name": f"Result, {name}, {side}",
                        "degrees": degrees,
                        "degrees_name": f"Degrees, {name}, {side}",
                    }
                )
            groups.append(
                {"code": code, "name": name, "help": DEGREE_HELP.get(code, ""), "sides": sides}
            )
        return groups

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[f"activity_{activity.pk}"] for activity in self.activities]

    def typed_scores(self) -> set[int]:
        """The activities given a score in what was posted (valid or not): the activities
        form keeps them, so a score being typed is never dropped with its activity."""
        if not self.is_bound:
            return set()
        return {a.pk for a in self.activities if str(self.data.get(f"activity_{a.pk}", "")).strip()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        objective = []
        for code, _, _, max_degrees in OBJECTIVE_TESTS:
            for side, _ in SIDES:
                key = f"{code}_{side}"
                result = data.get(f"{key}_result")
                degrees = data.get(f"{key}_degrees") if max_degrees is not None else None
                if degrees is not None and not result:
                    self.add_error(f"{key}_result", "Choose the result for these degrees.")
                if result:
                    test = {"test": code, "side": side, "result": result}
                    if degrees is not None:
                        test["degrees"] = degrees
                    objective.append(test)
        data["objective"] = objective
        return data

    def note_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**{name: data[name] for name in self.Meta.fields}, "objective": data["objective"]}

    def scores(self) -> dict[int, int | None]:
        return {a.pk: self.cleaned_data[f"activity_{a.pk}"] for a in self.activities}


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="Amendment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added below the signed note with your name and the time; the note itself stays as signed.",
        error_messages={"required": "Write the amendment."},
    )


class ActivitiesForm(forms.Form):
    """Up to three activities the client finds hard, in their words. On its own page and,
    with the prefix "activities", inside the session note: `scoring` are the activities
    scored in that note as it is being saved, which can't be removed either."""

    def __init__(
        self,
        *args,
        activities: list[Activity],
        scored: set[int],
        scoring: set[int] = frozenset(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.by_position = {activity.position: activity for activity in activities}
        self.scored, self.scoring = scored, scoring
        for position in range(MAX_ACTIVITIES):
            activity = self.by_position.get(position)
            self.fields[f"activity_{position}"] = forms.CharField(
                label=f"Activity {position + 1}",
                required=False,
                max_length=120,
                validators=[no_control_characters],
                initial=activity.name if activity else "",
                help_text="e.g. “Sitting through a film”" if position == 0 else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for position in range(MAX_ACTIVITIES):
            name = (data.get(f"activity_{position}") or "").strip()
            data[f"activity_{position}"] = name
            activity = self.by_position.get(position)
            if not name and activity and activity.pk in self.scored:
                self.add_error(
                    f"activity_{position}",
                    f"“{activity.name}” has scores recorded, so it stays; rename it if needed.",
                )
            elif not name and activity and activity.pk in self.scoring:
                self.add_error(
                    f"activity_{position}",
                    f"“{activity.name}” is scored in this note: clear its score to remove it, "
                    "or rename it.",
                )
        return data

    def names(self) -> list[str]:
        return [self.cleaned_data[f"activity_{p}"] for p in range(MAX_ACTIVITIES)]
