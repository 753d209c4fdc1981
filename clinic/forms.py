from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UserCreationForm
from django.core.files.uploadedfile import UploadedFile

from clinic.images import clean_uploaded_image
from clinic.models import Invitation, Practice, Role, User


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class PracticeForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["name", "address", "phone", "email", "website", "time_zone", "logo"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "logo": "Printed at the top of self-care sheets. PNG, JPEG or WebP, at most 5 MB."
        }
        # A plain file field: the upload is judged once, by clean_uploaded_image.
        field_classes = {"logo": forms.FileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save practice details")
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new upload, not the stored logo
            return clean_uploaded_image(logo)
        return logo


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"email": "We send a link there; it works once and expires in 7 days."}

    def __init__(self, *args, practice: Practice, **kwargs):
        self.practice = practice
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.helper = _helper("Send invitation")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email, membership__practice=self.practice).exists():
            raise forms.ValidationError("Someone with this email already works in your practice.")
        return email


class AcceptInvitationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        self.helper = _helper("Create my login")
