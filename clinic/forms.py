from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import UserCreationForm
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from clinic import two_factor
from clinic.images import clean_uploaded_image
from clinic.models import REMINDER_HOURS_MAX, Invitation, Practice, Role, User


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


PHONE_NUMBER = re.compile(r"[0-9+() -]{2,20}")


class PracticeForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = [
            "name",
            "address",
            "phone",
            "email",
            "website",
            "time_zone",
            "country",
            "emergency_number",
            "medical_line",
            "logo",
            "require_two_factor",
            "reminder_hours",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "reminder_hours": forms.NumberInput(attrs={"min": 1, "max": REMINDER_HOURS_MAX}),
        }
        labels = {"require_two_factor": "Require two-factor login for everyone in the practice"}
        help_texts = {
            "logo": "Printed at the top of self-care sheets. PNG, JPEG or WebP, at most 5 MB.",
            "require_two_factor": "After their password, everyone (you too) types a code from "
            "an authenticator app on their phone. Anyone who hasn't set it up yet is asked to "
            "the next time they open a page, and can't reach client records until they have.",
        }
        # A plain file field: the upload is judged once, by clean_uploaded_image.
        field_classes = {"logo": forms.FileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save practice details")
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        # Left empty, the hours stay as they were: a form posted without them (an older
        # page, a script) changes nothing about reminders.
        self.fields["reminder_hours"].required = False

    def _clean_number(self, name: str) -> str:
        number = " ".join(self.cleaned_data.get(name, "").split())
        if number and not PHONE_NUMBER.fullmatch(number):
            raise forms.ValidationError(
                "Give the number as it is dialled: digits, spaces and + ( ) - only."
            )
        return number

    def clean_emergency_number(self) -> str:
        return self._clean_number("emergency_number")

    def clean_medical_line(self) -> str:
        return self._clean_number("medical_line")

    def clean_reminder_hours(self) -> int:
        hours = self.cleaned_data["reminder_hours"]
        if hours is None:
            return self.instance.reminder_hours
        if not 1 <= hours <= REMINDER_HOURS_MAX:
            raise forms.ValidationError(
                f"Give a number of hours from 1 to {REMINDER_HOURS_MAX} (a week)."
            )
        return hours

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


CODE_HELP = "The 6-digit code your authenticator app shows for Clinic."


class _CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=40,
            error_messages={"required": "Enter the code."},
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "autocapitalize": "off",
                    "spellcheck": "false",
                }
            ),
            **kwargs,
        )


class TwoFactorSetupForm(forms.Form):
    """The first code from a newly scanned app: proof that the app and the server agree."""

    code = _CodeField(label="Code from the app", help_text=CODE_HELP)

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.helper = _helper("Turn on two-factor login")

    def clean_code(self) -> str:
        code = two_factor.normalise(self.cleaned_data["code"])
        if not two_factor.APP_CODE.fullmatch(code):
            raise forms.ValidationError("Enter the 6 digits the app shows, like 123456.")
        check = two_factor.check_setup_code(self.device, code)
        if check.error:
            raise forms.ValidationError(check.error)
        return code


class TwoFactorVerifyForm(forms.Form):
    """The second step of signing in: a code from the app, or one backup code."""

    code = _CodeField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True  # the only thing on the page

    def clean_code(self) -> str:
        code = two_factor.normalise(self.cleaned_data["code"])
        if not (two_factor.APP_CODE.fullmatch(code) or two_factor.BACKUP_CODE.fullmatch(code)):
            raise forms.ValidationError(
                "Enter the 6 digits from your app, like 123456, or a backup code of 8 letters "
                "and numbers."
            )
        check = two_factor.check_code(self.user, code)
        if check.error:
            raise forms.ValidationError(check.error)
        self.device = check.device
        return code


class TwoFactorOffForm(forms.Form):
    """Turning two-factor off needs the password or a current code, not just a session."""

    password = forms.CharField(
        label="Your password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Or a code from your authenticator app",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs):
        self.user, self.request = user, request
        super().__init__(*args, **kwargs)
        self.helper = _helper("Turn off two-factor login")
        self.helper.inputs[0].field_classes = "btn btn-danger"

    def clean(self):
        cleaned = super().clean()
        password, code = cleaned.get("password"), two_factor.normalise(cleaned.get("code", ""))
        if password:
            # Through authenticate(), so django-axes counts wrong passwords here too and
            # a stolen session can't guess the password without locking the login.
            checked = authenticate(
                self.request, username=self.user.get_username(), password=password
            )
            if checked is None or checked.pk != self.user.pk:
                self.add_error("password", "That isn't your password.")
        elif code:
            if not two_factor.APP_CODE.fullmatch(code):
                self.add_error("code", "Enter the 6 digits the app shows, like 123456.")
            elif check := two_factor.check_code(self.user, code).error:
                self.add_error("code", check)
        else:
            self.add_error("password", "Enter your password, or a code from your app below.")
        return cleaned
