"""The hidden field an edit form carries: the revision of the record it was loaded at."""

from __future__ import annotations

from django import forms

from clients.revisions import FIELD


def add_revision_field(form: forms.BaseForm, revision: int) -> None:
    """Text, not a number: the view reads it before validation, and a tampered value is
    answered with a message there (see clients.revisions.loaded_revision)."""
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial.setdefault(FIELD, str(revision))  # as posted, so an unchanged form is unchanged
