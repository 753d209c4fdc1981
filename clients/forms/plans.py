"""Forms of the plan builder: the focus to suggest from, minutes, adding a technique and
keeping a now-blocked one under rule 9. They validate only; clients.services.plans saves."""

from __future__ import annotations

from django import forms

from clients import screening
from clients.models import PlanFocus, PlanItem
from clinic.widgets import QuickSelect


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
