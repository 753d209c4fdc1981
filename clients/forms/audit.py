"""The audit trail's filters and the typed confirmation that erases a client's record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms

from clients.audit import client_ref
from clients.models import AuditEvent, Client
from clinic.models import Practice

CLIENT_NUMBER = re.compile(r"^(?:client\s*)?#?\s*(\d{1,12})$", re.IGNORECASE)
MAX_MATCHES = 10
# Far enough for any record, near enough that a day's start or end never overflows.
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


@dataclass(frozen=True)
class ChosenClient:
    """The client whose rows the trail shows: by pseudonym, so erased clients still count."""

    ref: str
    number: int
    name: str  # the client's name, or the pseudonym once the record is erased
    erased: bool


class AuditFilterForm(forms.Form):
    client = forms.CharField(
        label="Client",
        required=False,
        max_length=100,
        help_text="A name, or a client number (erased clients are found by number).",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditEvent.Action.choices]
    )
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.matches: list[Client] = []

    def clean_client(self) -> ChosenClient | None:
        text = " ".join(self.cleaned_data["client"].split())
        if not text:
            return None
        number = CLIENT_NUMBER.match(text)
        if number:
            return self._by_number(int(number.group(1)))
        found = list(Client.objects.for_practice(self.practice).search(text)[: MAX_MATCHES + 1])
        if not found:
            raise forms.ValidationError(f"No client's name matches “{text}”.")
        if len(found) > 1:
            self.matches = found[:MAX_MATCHES]
            return None
        return ChosenClient(client_ref(found[0].pk), found[0].pk, found[0].full_name, False)

    def _by_number(self, number: int) -> ChosenClient:
        ref = client_ref(number)
        client = Client.objects.for_practice(self.practice).filter(pk=number).first()
        if client is not None:
            return ChosenClient(ref, number, client.full_name, False)
        if AuditEvent.objects.filter(practice=self.practice, client_ref=ref).exists():
            return ChosenClient(ref, number, ref, True)
        raise forms.ValidationError(f"No client number {number} in this practice's records.")

    def clean_start(self) -> date | None:
        return _in_range(self.cleaned_data["start"])

    def clean_end(self) -> date | None:
        return _in_range(self.cleaned_data["end"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


def _in_range(day: date | None) -> date | None:
    if day and not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(
            f"Choose a date between {EARLIEST:%Y} and {LATEST:%Y}, e.g. {date.today():%Y-%m-%d}."
        )
    return day


class EraseForm(forms.Form):
    """The owner types the client's full name; case and surrounding spaces don't matter."""

    confirm_name = forms.CharField(
        label="The client's full name",
        max_length=210,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if _folded(typed) != _folded(self.client.full_name):
            raise forms.ValidationError(
                "That isn't the client's full name as the record spells it, so nothing was "
                "erased. Type it exactly as shown above."
            )
        return typed


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()
