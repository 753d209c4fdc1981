from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from clients.models import Client


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "address",
            "doctor_name",
            "doctor_contact",
            "notes",
            "reminders",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
            "doctor_contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date_of_birth": "Screening uses the age for new-episode back pain."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Who the client is",
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("date_of_birth", css_class="col-md-6"),
                    Div("sex", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                "Contact",
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    css_class="row",
                ),
                "address",
                "reminders",
            ),
            Fieldset("Their doctor", "doctor_name", "doctor_contact"),
            Fieldset("Notes", "notes"),
        )
        self.helper.attrs = {"novalidate": ""}  # our messages, beside each field, for everyone
        self.helper.add_input(Submit("submit", "Save client"))

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth can't be in the future.")
        if born and born.year < timezone.localdate().year - 120:
            raise forms.ValidationError("Check the year: that makes the client over 120.")
        return born

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reminders") and not cleaned.get("email"):
            self.add_error("reminders", "Reminders go by email: add the client's email address.")
        return cleaned


class ClientSearchForm(forms.Form):
    q = forms.CharField(label="Search clients", required=False, max_length=100)
    archived = forms.BooleanField(label="Show archived clients", required=False)
