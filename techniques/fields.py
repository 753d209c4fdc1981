"""A short list of codes (symptoms, patterns) stored as space-separated text.

Kept as text rather than JSON so filtering by one code (`indications__contains="PS04"`)
works the same on SQLite and PostgreSQL. Codes never contain one another, so a
substring match is an exact code match.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class CodeListField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return value.split() if value else []

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        if not value:
            return []
        return str(value).split()

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return " ".join(sorted(dict.fromkeys(value)))
        return value or ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {code for code, _ in self.choices or []}
        unknown = [code for code in value if code not in allowed]
        if unknown:
            raise ValidationError(f"Unknown code(s): {', '.join(unknown)}.")
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"])

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def run_validators(self, value):
        # The choices check above covers each code; CharField's max-length runs on the text.
        super().run_validators(self.get_prep_value(value))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, path, args, kwargs
