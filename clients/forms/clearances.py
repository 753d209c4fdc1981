from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from clients.models import Clearance
from clinic.validators import no_control_characters
from techniques import vocabulary as vocab


class ClearanceForm(forms.ModelForm):
    """Records that a medical professional has cleared one red flag of a signed intake.

    The flags offered are the intake's uncleared ones, entered or derived (rule 1), as
    screening lists them; `red_flags` is that screening list.
    """

    code = forms.ChoiceField(label="Red flag cleared", widget=forms.RadioSelect)
    clinician_name = forms.CharField(
        label="Cleared by",
        max_length=120,
        validators=[no_control_characters],
        help_text="The doctor or clinician's name, e.g. Dr Priya Shah.",
    )
    clinician_role = forms.CharField(
        label="Their role",
        max_length=70,
        validators=[no_control_characters],
        help_text="e.g. GP, consultant orthopaedic surgeon, physiotherapist.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What they said or advised, e.g. 'Seen 3 March: no concerns, massage fine.'",
    )

    class Meta:
        model = Clearance
        fields = ["code", "cleared_on", "note"]
        widgets = {
            "cleared_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"cleared_on": "The day the clinician cleared it."}

    def __init__(self, *args, since, red_flags: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_on = timezone.localdate(since)
        self.cleared = {flag["code"] for flag in red_flags if flag["cleared"]}
        present = [(flag["code"], _flag_label(flag)) for flag in red_flags]
        self.fields["code"].choices = present
        self.fields["code"].error_messages["invalid_choice"] = (
            "%(value)s is not among the client's red flags now."
        )
        # Only uncleared flags are offered; a cleared one is refused in clean_code.
        self.fields["code"].widget.choices = [
            (code, label) for code, label in present if code not in self.cleared
        ]
        today = timezone.localdate()
        self.fields["cleared_on"].widget.attrs.update(
            min=self.signed_on.isoformat(), max=today.isoformat()
        )
        self.fields["cleared_on"].initial = today
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "code",
            Div(
                Div("clinician_name", css_class="col-md-7"),
                Div("clinician_role", css_class="col-md-5"),
                css_class="row",
            ),
            Div(Div("cleared_on", css_class="col-md-5"), css_class="row"),
            "note",
        )
        self.helper.add_input(Submit("submit", "Record clearance"))

    @property
    def uncleared_choices(self) -> list[tuple[str, str]]:
        return list(self.fields["code"].widget.choices)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code in self.cleared:
            raise forms.ValidationError(f"{code} has already been cleared.")
        return code

    def clean_clinician_name(self) -> str:
        return self.cleaned_data["clinician_name"].strip()

    def clean_clinician_role(self) -> str:
        return self.cleaned_data["clinician_role"].strip()

    def clean_cleared_on(self):
        day = self.cleaned_data["cleared_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date can't be in the future.")
        if day < self.signed_on:
            raise forms.ValidationError(
                "The date can't be before the intake was signed (or the client added) "
                f"({date_format(self.signed_on)})."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        name, role = cleaned.get("clinician_name"), cleaned.get("clinician_role")
        if name and role:
            self.instance.cleared_by = f"{name}, {role}"
        return cleaned


def _flag_label(flag: dict) -> str:
    row = vocab.RED_FLAGS[flag["code"]]
    action = vocab.ACTIONS[flag["action"]].label
    derived = ", from the answers" if flag["derived"] else ""
    return f"{row.label[:1].upper()}{row.label[1:]} ({flag['code']}{derived}) — {action}"
