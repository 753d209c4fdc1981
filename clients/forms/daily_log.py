"""The "Today" form on a sheet's private link: items done, pain 0–10, a short note.

It only validates: the items a client may tick are those the link offers today (a paused
item is refused by name, anything else as not on the sheet); clients.services.daily_log saves.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clients.models import Sheet
from clients.models.logs import NOTE_LENGTH, PAIN_MAX
from clients.services.daily_log import Offer, offer, practice_today

PAIN_CHOICES = [(str(n), str(n)) for n in range(PAIN_MAX + 1)]


class DailyLogForm(forms.Form):
    done = forms.MultipleChoiceField(
        label="What I did today",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Only the items on your sheet can be ticked."},
    )
    pain = forms.TypedChoiceField(
        label="My pain today",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 (no pain) to 10 (the worst pain).",
            "invalid_choice": "Choose a number from 0 (no pain) to 10 (the worst pain).",
        },
    )
    note = forms.CharField(
        label="A note for my therapist (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Keep the note to {NOTE_LENGTH} characters: it has "
            "%(show_value)d now. Everything you wrote is still here to shorten."
        },
    )

    def __init__(self, *args, offer: Offer, **kwargs) -> None:
        if offer.entry is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "done": offer.entry.done,
                "pain": str(offer.entry.pain),
                "note": offer.entry.note,
            }
        super().__init__(*args, **kwargs)
        self.offer = offer
        # Paused items are choices only so that ticking one gets its own message below.
        self.fields["done"].choices = [(i.slug, i.name) for i in offer.items + offer.paused]

    def clean_done(self) -> list[str]:
        done = self.cleaned_data["done"]
        paused = [item.name for item in self.offer.paused if item.slug in done]
        if paused:
            raise ValidationError(
                f"{' and '.join(paused)}: your therapist has paused this for now, so it "
                "can't be ticked. Please ask them before you do it again."
            )
        return done

    def offered_choices(self) -> list:
        """The checkboxes the page shows: never a paused item."""
        offered = {item.slug for item in self.offer.items}
        return [box for box in self["done"] if box.data["value"] in offered]


def daily_log_form(sheet: Sheet, doc: dict, data=None) -> DailyLogForm:
    """The panel's form for a sheet's link today (bound to `data` when it was posted)."""
    day = practice_today(sheet.client.practice)
    today = offer(sheet, doc, day, with_entry=data is None)
    return DailyLogForm(data, offer=today) if data is not None else DailyLogForm(offer=today)
