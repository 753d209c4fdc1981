"""QuickSelect writes the same select Django's template-per-option widget does."""

from __future__ import annotations

import re

import pytest
from django import forms

from clinic.widgets import QuickSelect

CHOICES = [
    ("", "Choose a technique…"),
    ("psoas-release", "Psoas release <gentle>"),
    ("quote", 'A "quoted" & odd one'),
    ("Stretches", [("hip-flexor", "Hip flexor stretch"), ("piriformis", "Piriformis")]),
]


def tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "quote", "piriformis", "not-a-choice"])
def test_quick_select_renders_like_django(value):
    attrs = {"id": "id_entry", "class": "form-select", "required": True, "aria-describedby": "x"}
    django_select = forms.Select(choices=CHOICES).render("entry", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("entry", value, attrs)
    assert tidy(quick) == tidy(django_select)


def test_the_plan_builders_technique_field_uses_it():
    from clients.forms.plans import AddTechniqueForm

    form = AddTechniqueForm(choices=[("a", "A")], length=60)
    assert isinstance(form.fields["entry"].widget, QuickSelect)
