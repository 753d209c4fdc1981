"""Forms of sessions: booking, the check-in, the plan builder, the note, activities, agenda.

Forms validate and normalise only; saving goes through clients.services. Start times are
read in the current time zone, which the views set to the practice's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone
from django.utils.formats import date_format

from clients.forms.intakes import SITE_CODES, THERAPIST, code_label
from clients.models import CheckIn, Session
from clients.services import sessions
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

    def __init__(self, *args, practice, warnings: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        # Reasons to think twice (do not treat, no signed intake): the page shows them above
        # the form, and booking anyway takes a tick.
        self.warnings = list(warnings or [])
        if self.warnings:
            self.fields["book_anyway"] = forms.BooleanField(
                label="Book anyway: I have read the warning above",
                required=True,
                error_messages={
                    "required": "Tick “Book anyway” to book despite the warning above."
                },
            )
        therapist = self.fields["therapist"]
        therapist.queryset = get_user_model().objects.filter(
            membership__practice=practice, is_active=True
        )
        therapist.label_from_instance = lambda user: user.display_name
        therapist.empty_label = None
        self.fields["start"].help_text = f"In the practice's time zone ({practice.time_zone})."
        if not self.instance.pk:
            del self.fields["status"]
            self.fields["start"].help_text += " Proposed: the first free time in your diary."
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
        if self.warnings:
            self.helper.layout.append(Div("book_anyway", css_class="book-anyway"))
        self.helper.add_input(Submit("submit", "Save session"))

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not EARLIEST_DAY <= start.date() <= LATEST_DAY:
            raise forms.ValidationError("Choose a date between 1900 and 2999.")
        return start

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

# "No" first: most clients have nothing new, and only "Yes" opens the lists.
CHANGED_CHOICES = [("False", "No, nothing has changed"), ("True", "Yes, something has changed")]

# The lists a "Yes" opens, grouped by kind with the most serious first: (heading, codes).
RED_FLAG_GROUPS = [
    (heading, [code for code, flag in vocab.RED_FLAGS.items() if flag.action == action])
    for action, heading in (
        (vocab.EMERGENCY, "Emergency: send for care now"),
        (vocab.URGENT, "Urgent: a doctor today"),
        (vocab.GP_REVIEW, "Routine medical review"),
    )
]
CHECK_IN_CONTRAINDICATIONS = sorted(vocab.ENTERED_CONTRAINDICATIONS - set(SITE_CODES))
CONTRAINDICATION_GROUPS = [
    (
        heading,
        [c for c in CHECK_IN_CONTRAINDICATIONS if vocab.CONTRAINDICATIONS[c].class_ == class_],
    )
    for class_, heading in (
        (vocab.ABSOLUTE, "No massage"),
        (vocab.RELATIVE, "Adapt the treatment"),
        (vocab.LOCAL, "Avoid an area"),
    )
]


class CheckInForm(forms.ModelForm):
    """One question first ("Anything new since …?"); a "Yes" opens the red flags,
    contraindications and sites, in brief."""

    anything_changed = forms.TypedChoiceField(
        label="Anything new since the signed intake?",
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

    def __init__(self, *args, since: date | None = None, since_what: str = "intake", **kwargs):
        """`since` is the day of the signed intake or, if later, of the last check-in
        (`since_what` "check-in")."""
        super().__init__(*args, **kwargs)
        if since is not None:
            what = "the last check-in" if since_what == "check-in" else "the signed intake"
            self.fields["anything_changed"].label = f"Anything new since {date_format(since)}?"
            self.fields["anything_changed"].help_text = f"The day of {what}."
        else:
            self.fields["anything_changed"].label = "Anything new to record?"
        self.fields["new_red_flags"] = _checkboxes(
            "New red flags",
            [(code, code_label(vocab.RED_FLAGS, code, THERAPIST)) for code in vocab.RED_FLAGS],
        )
        self.fields["new_contraindications"] = _checkboxes(
            "New contraindications",
            [
                (code, code_label(vocab.CONTRAINDICATIONS, code, THERAPIST))
                for code in CHECK_IN_CONTRAINDICATIONS
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

    def red_flag_groups(self) -> list[tuple[str, list]]:
        """The red-flag boxes under their headings, emergency first (ids stay the field's)."""
        return _grouped(self["new_red_flags"], RED_FLAG_GROUPS)

    def contraindication_groups(self) -> list[tuple[str, list]]:
        return _grouped(self["new_contraindications"], CONTRAINDICATION_GROUPS)

    @property
    def lists_open(self) -> bool:
        """Show the lists whatever the question says: something in them is ticked or wrong."""
        names = ["new_red_flags", "new_contraindications", *(f"site_{c}" for c in SITE_CODES)]
        return any(self[name].value() for name in names) or any(
            name in self.errors for name in names
        )

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


def _grouped(field: forms.BoundField, groups) -> list[tuple[str, list]]:
    boxes = {box.data["value"]: box for box in field}
    return [
        (heading, [boxes[code] for code in codes if code in boxes]) for heading, codes in groups
    ]


# --- Agenda ------------------------------------------------------------------------------


# Dates the agenda and bookings accept: far enough either way for any real diary, and
# clear of the calendar's ends, where a week before or after can't be computed.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class AgendaForm(forms.Form):
    view = forms.ChoiceField(choices=[("day", "Day"), ("week", "Week")], required=False)
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError("Choose a date between 1900 and 2999.")
        return day
