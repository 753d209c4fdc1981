"""Emailing a private link (a self-intake link or a sheet's link).

Emailing is a choice of its own: nothing is filled in for the therapist, so making a link
never sends it by itself. The client's address on record is offered as "Email it to ...",
and any other address can be typed instead.
"""

from __future__ import annotations

from django import forms


class LinkEmailForm(forms.Form):
    """`send_to` in `cleaned_data` is the chosen address, or "" when none was chosen.
    With `required=True` (emailing an existing link) one address must be chosen."""

    to_client = forms.BooleanField(required=False)
    email = forms.EmailField(required=False, max_length=254)

    def __init__(self, *args, client_email: str = "", required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_email = client_email
        self.required = required
        if client_email:
            self.fields["to_client"].label = f"Email it to {client_email}"
            self.fields["email"].label = "Or email it to another address"
        else:
            del self.fields["to_client"]
            self.fields["email"].label = "Email it to"
        if not required:
            self.fields["email"].label += " (optional)"
            self.fields["email"].help_text = "Leave empty to copy the link and send it yourself."

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("email", "")
        ticked = self.client_email and cleaned.get("to_client")
        if typed and ticked and typed.lower() != self.client_email.lower():
            self.add_error(
                "email",
                f"The link goes to one address: untick “Email it to {self.client_email}” "
                "or clear this one.",
            )
        elif self.required and not typed and not ticked and "email" not in self.errors:
            self.add_error("email", "Type the address to send the link to.")
        cleaned["send_to"] = typed or (self.client_email if ticked else "")
        return cleaned
