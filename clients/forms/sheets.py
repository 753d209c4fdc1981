"""Forms of the self-care sheet builder and of sharing a sheet.

They only validate and normalise; clients.services.sheets applies the screening rules and saves.
"""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.utils.functional import cached_property

from clients.documents import dose_text
from clients.forms.links import LinkEmailForm
from clients.forms.revision import add_revision_field
from clients.models import Sheet, SheetItem
from clients.services.links import LINK_DAYS
from techniques.doses import dose_check
from techniques.models import DOSE_FIELDS, HoldUnit

MAX_HOLD = {HoldUnit.SECONDS: 600, HoldUnit.MINUTES: 60}
MAX_LINK_DAYS = 90


def saved_sheet(sheet: Sheet, items: list[SheetItem]) -> list[tuple[str, str]]:
    """A stored draft as (label, text) pairs, shown read-only beside an unsaved edit.
    `items` come from `sheets.load_builder`, with their entries."""
    rows = [("Personal note", sheet.note.strip() or "—")]
    rows += [
        (f"{number}. {item.entry.name}", dose_text(item.entry.modality, item) or "No dose yet")
        for number, item in enumerate(items, start=1)
    ]
    return rows if items else [*rows, ("Items", "None")]


class SheetNoteForm(forms.ModelForm):
    """The personal note; it also carries the draft's revision for the whole builder."""

    class Meta:
        model = Sheet
        fields = ["note"]
        labels = {"note": "Your note to the client (optional)"}
        help_texts = {
            "note": "Printed on the sheet as it is, e.g. what to focus on this week. "
            "It is shown to the client: keep clinical details out."
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_revision_field(self, self.instance.revision)

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if len(note) > 1000:
            raise forms.ValidationError(
                f"Keep the note under 1,000 characters (it has {len(note):,})."
            )
        return note


class SheetItemForm(forms.ModelForm):
    """The dose of one item on the sheet; the entry's default until the therapist changes it.
    A dose outside the usual range needs `confirm_dose`; far beyond it, it is refused."""

    hold_unit = forms.ChoiceField(
        label="Unit", choices=HoldUnit.choices, required=False, initial=HoldUnit.SECONDS
    )
    confirm_dose = forms.BooleanField(
        label="I meant this dose: print it as I set it",
        required=False,
    )

    class Meta:
        model = SheetItem
        fields = [
            "hold_min",
            "hold_max",
            "hold_unit",
            "repetitions",
            "sets",
            "per_side",
            "frequency",
            "dose_note",
        ]
        labels = {
            "hold_min": "Hold / time from",
            "hold_max": "to (optional)",
            "repetitions": "Times",
            "sets": "Sets",
            "per_side": "Each side",
            "frequency": "How often",
            "dose_note": "Anything else",
        }
        widgets = {
            "hold_min": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "hold_max": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "repetitions": forms.NumberInput(attrs={"min": 1, "max": 50, "inputmode": "numeric"}),
            "sets": forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
            "frequency": forms.TextInput(attrs={"placeholder": "e.g. daily"}),
            "dose_note": forms.TextInput(attrs={"placeholder": "e.g. breathing slowly"}),
        }

    @cached_property
    def changed_data(self) -> list[str]:
        # An item with no time stores no unit, while the menu always sends one: without a
        # time before or after, the unit is no change (and the item's line stays closed).
        changed = super().changed_data
        no_time = self.instance.hold_min is None and not self.data.get(self.add_prefix("hold_min"))
        return [name for name in changed if not (name == "hold_unit" and no_time)]

    def clean_repetitions(self):
        value = self.cleaned_data["repetitions"]
        if value is not None and not 1 <= value <= 50:
            raise forms.ValidationError("Between 1 and 50 times.")
        return value

    def clean_sets(self):
        value = self.cleaned_data["sets"]
        if value is not None and not 1 <= value <= 10:
            raise forms.ValidationError("Between 1 and 10 sets.")
        return value

    def clean_frequency(self) -> str:
        return " ".join(self.cleaned_data["frequency"].split())

    def clean_dose_note(self) -> str:
        return " ".join(self.cleaned_data["dose_note"].split())

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("hold_min"), cleaned.get("hold_max")
        unit = cleaned.get("hold_unit") or HoldUnit.SECONDS
        if low is None and high is not None:
            self.add_error("hold_min", "Give the shortest time too, or clear the 'to' time.")
        most = MAX_HOLD[HoldUnit(unit)]
        for name, value in (("hold_min", low), ("hold_max", high)):
            if value is not None and not 1 <= value <= most:
                self.add_error(name, f"Between 1 and {most} {HoldUnit(unit).label}.")
        if low is not None and high is not None and high < low:
            self.add_error("hold_max", "The 'to' time can't be shorter than the 'from' time.")
        cleaned["hold_unit"] = unit if low is not None else ""
        says_something = (
            low is not None
            or cleaned.get("repetitions")
            or cleaned.get("frequency")
            or cleaned.get("dose_note")
        )
        if not self.errors and not says_something:
            self.add_error(
                "frequency", "Give a time, a number of times or how often, so the client knows."
            )
        if not self.errors:
            self._check_dose(cleaned)
        return cleaned

    def _check_dose(self, cleaned) -> None:
        entry = self.instance.entry
        dose = SimpleNamespace(**{name: cleaned.get(name) for name in DOSE_FIELDS})
        confirm, refuse = dose_check(entry.slug, entry.modality, dose)
        for problem in refuse:
            self.add_error(None, problem)
        # A dose confirmed when it was set stays confirmed until it is changed again.
        changed = any(name in self.changed_data for name in DOSE_FIELDS)
        if confirm and not refuse and changed and not cleaned.get("confirm_dose"):
            self.add_error(
                "confirm_dose",
                " ".join(confirm) + " Tick the box to print it as you set it, or change it.",
            )


SheetItemFormSet = forms.modelformset_factory(
    SheetItem, form=SheetItemForm, extra=0, can_delete=False, edit_only=True
)


class OverrideForm(forms.Form):
    """SCREENING.md rule 9: the clearance or consent that lets a blocked item be added."""

    reason = forms.CharField(
        label="Reason",
        min_length=15,
        max_length=500,
        help_text="Name the clearance or consent, e.g. 'Oncologist Dr Shah cleared gentle "
        "foam rolling on 3 March'.",
        error_messages={
            "required": "Write the reason: which clearance or consent allows this item.",
            "min_length": "Say a little more: name the clearance or consent "
            "(at least %(limit_value)d characters).",
        },
        widget=forms.TextInput(),
    )

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())


class SheetLinkForm(LinkEmailForm):
    """How long the link works, and, as a choice of its own, whom to email it to."""

    days = forms.IntegerField(
        label="Link works for (days)",
        min_value=1,
        max_value=MAX_LINK_DAYS,
        initial=LINK_DAYS,
        help_text=f"{LINK_DAYS} days unless you change it; at most {MAX_LINK_DAYS}. "
        "You can withdraw it at any time.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    field_order = ["days", "to_client", "email"]
