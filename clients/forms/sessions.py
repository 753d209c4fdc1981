"""Forms of sessions: booking, the check-in, the plan builder, the note, activities, agenda.

Forms validate and normalise only; saving goes through clients.services. Start times are
read in the current time zone, which the views set to the practice's.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone

from clients import screening
from clients.forms.intake import SITE_CODES, THERAPIST, code_label
from clients.forms.revision import add_revision_field
from clients.models import Activity, CheckIn, Note, PlanFocus, PlanItem, Session
from clients.models.sessions import MAX_ACTIVITIES
from clients.services import sessions
from clinic.validators import no_control_characters
from clinic.widgets import QuickSelect
from techniques import vocabulary as vocab


def _checkboxes(label: str, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


# --- Booking -----------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    start = forms.DateTimeField(
        label="Start",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Give the date and time the session starts.",
            "invalid": "Give the date and time as shown, e.g. 2026-03-14 10:30.",
        },
    )

    class Meta:
        model = Session
        fields = ["therapist", "start", "length", "status"]

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        therapist = self.fields["therapist"]
        therapist.queryset = get_user_model().objects.filter(
            membership__practice=practice, is_active=True
        )
        therapist.label_from_instance = lambda user: user.display_name
        therapist.empty_label = None
        self.fields["start"].help_text = f"In the practice's time zone ({practice.time_zone})."
        if not self.instance.pk:
            del self.fields["status"]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Div(
                Div("start", css_class="col-md-6"),
                Div("length", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("therapist", css_class="col-md-6"),
                Div("status", css_class="col-md-6") if "status" in self.fields else None,
                css_class="row",
            ),
        )
        self.helper.add_input(Submit("submit", "Save session"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, length, therapist = data.get("start"), data.get("length"), data.get("therapist")
        status = data.get("status", self.instance.status)
        if not (start and length and therapist) or status not in sessions.ACTIVE_STATUSES:
            return data
        others = sessions.overlapping_sessions(therapist.pk, start, length, self.instance.pk)
        if others:
            self.add_error("start", overlap_message(therapist, others))
        return data


def overlap_message(therapist, others) -> str:
    times = "; ".join(
        f"{dateformat.format(timezone.localtime(other.start), 'D j M H:i')}–"
        f"{dateformat.format(timezone.localtime(other.end), 'H:i')} with {other.client.full_name}"
        for other in others
    )
    return (
        f"This overlaps {therapist.display_name}'s other session{'s' if len(others) > 1 else ''}"
        f" ({times}). Choose another time or length."
    )


# --- Check-in ----------------------------------------------------------------------------

CHANGED_CHOICES = [("True", "Yes, something has changed"), ("False", "No, nothing has changed")]


class CheckInForm(forms.ModelForm):
    """Anything new since the signed intake: red flags and contraindications, in brief."""

    anything_changed = forms.TypedChoiceField(
        label="Has anything changed since the signed intake?",
        choices=CHANGED_CHOICES,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )

    class Meta:
        model = CheckIn
        fields = ["anything_changed", "new_red_flags", "new_contraindications", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": "What the client says has changed"}

    def __init__(self, *args, since=None, **kwargs):
        super().__init__(*args, **kwargs)
        if since is not None:
            self.fields[
                "anything_changed"
            ].label = f"Has anything changed since the signed intake of {since:%-d %b %Y}?"
        self.fields["new_red_flags"] = _checkboxes(
            "New red flags",
            [(code, code_label(vocab.RED_FLAGS, code, THERAPIST)) for code in vocab.RED_FLAGS],
        )
        self.fields["new_contraindications"] = _checkboxes(
            "New contraindications",
            [
                (code, code_label(vocab.CONTRAINDICATIONS, code, THERAPIST))
                for code in sorted(vocab.ENTERED_CONTRAINDICATIONS - set(SITE_CODES))
            ],
        )
        regions = [
            (code, f"{region.label.split(' (')[0].capitalize()} ({code})")
            for code, region in vocab.REGIONS.items()
        ]
        stored = list(self.instance.new_contraindications or [])
        for code in SITE_CODES:
            label = code_label(vocab.CONTRAINDICATIONS, code, THERAPIST)
            self.fields[f"site_{code}"] = _checkboxes(f"{label}: where?", regions)
            self.initial[f"site_{code}"] = [
                text.partition(":")[2] for text in stored if text.startswith(f"{code}:")
            ]
        self.initial["new_contraindications"] = [c for c in stored if ":" not in c]
        if self.instance.pk is None:
            self.initial.pop("anything_changed", None)

    def site_fields(self) -> list[forms.BoundField]:
        return [self[f"site_{code}"] for code in SITE_CODES]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        codes = set(data.get("new_contraindications") or [])
        for code in SITE_CODES:
            codes.update(f"{code}:{region}" for region in data.get(f"site_{code}") or [])
        data["new_contraindications"] = sorted(codes)
        ticked = bool(codes or data.get("new_red_flags"))
        if ticked and data.get("anything_changed") is False:
            self.add_error(
                "anything_changed",
                "You ticked new answers below: choose “Yes, something has changed”, or untick "
                "them.",
            )
        elif not ticked and data.get("anything_changed") and not data.get("note", "").strip():
            self.add_error(
                "note", "Say what has changed: tick it above, or describe it here in a few words."
            )
        return data

    def check_in_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields}


# --- Plan builder ------------------------------------------------------------------------


class SuggestForm(forms.Form):
    focus = forms.ChoiceField(
        label="Focus of the session",
        choices=PlanFocus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the focus of the session."},
    )


class PlanItemsForm(forms.Form):
    """The minutes of every item; the buttons beside them move or remove one."""

    def __init__(self, *args, items: list[PlanItem], length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.length = items, length
        for item in items:
            self.fields[f"minutes_{item.pk}"] = forms.IntegerField(
                label=f"Minutes for {item.entry.name}",
                min_value=1,
                max_value=length,
                initial=item.minutes,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes-input"}),
                error_messages={
                    "required": "Give the minutes.",
                    "invalid": "Give whole minutes.",
                    "min_value": "At least 1 minute.",
                    "max_value": f"At most {length} minutes.",
                },
            )

    def minutes(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"minutes_{item.pk}"] for item in self.items}


class AddTechniqueForm(forms.Form):
    """Add one technique; `choices` are the slugs that may be added at all (rule 9 included)."""

    entry = forms.ChoiceField(
        label="Technique", widget=QuickSelect, error_messages={"required": "Choose one."}
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=1,
        max_value=90,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes-input"}),
        error_messages={
            "required": "Give the minutes.",
            "invalid": "Give whole minutes.",
            "min_value": "At least 1 minute.",
        },
    )
    reason = forms.CharField(
        label="Reason for the override",
        required=False,
        max_length=screening.OVERRIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Name the clearance or the client's consent that allows it "
        f"({screening.OVERRIDE_REASON_MIN}–{screening.OVERRIDE_REASON_MAX} characters).",
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason", "").strip()
        if reason or self.fields["reason"].required:
            problem = screening.override_reason_problem(reason)
            if problem:
                raise forms.ValidationError(problem)
        return reason

    def __init__(self, *args, choices: list[tuple[str, str]], length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "Choose a technique…"), *choices]
        self.fields["entry"].error_messages["invalid_choice"] = (
            "That technique can't be added: it is blocked, already planned or unpublished."
        )
        self.fields["minutes"].max_value = length
        self.fields["minutes"].error_messages["max_value"] = f"At most {length} minutes."


class KeepItemForm(forms.Form):
    """Keep a plan item that the screening now blocks, under rule 9, with a reason."""

    reason = forms.CharField(
        label="Reason to keep it",
        max_length=screening.OVERRIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Name the clearance or the client's consent that allows it "
        f"({screening.OVERRIDE_REASON_MIN}–{screening.OVERRIDE_REASON_MAX} characters).",
        error_messages={
            "required": "Write the reason: name the clearance or the client's consent.",
            "max_length": f"Keep the reason to {screening.OVERRIDE_REASON_MAX} characters.",
        },
    )

    def clean_reason(self) -> str:
        problem = screening.override_reason_problem(self.cleaned_data["reason"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["reason"].strip()


# --- Notes -------------------------------------------------------------------------------

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
                sides.append(
                    {"label": side_label, "result": self[f"{key}_result"], "degrees": degrees}
                )
            groups.append(
                {"code": code, "name": name, "help": DEGREE_HELP.get(code, ""), "sides": sides}
            )
        return groups

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[f"activity_{activity.pk}"] for activity in self.activities]

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
    """Up to three activities the client finds hard, in their words."""

    def __init__(self, *args, activities: list[Activity], scored: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.by_position = {activity.position: activity for activity in activities}
        self.scored = scored
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
        return data

    def names(self) -> list[str]:
        return [self.cleaned_data[f"activity_{p}"] for p in range(MAX_ACTIVITIES)]


# --- Agenda ------------------------------------------------------------------------------


class AgendaForm(forms.Form):
    view = forms.ChoiceField(choices=[("day", "Day"), ("week", "Week")], required=False)
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
