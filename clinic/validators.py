"""Names are one line of plain text.

A name travels into places that read line breaks and control characters as structure: a
calendar feed (where a carriage return starts a new property, or a new event), a PDF,
an email header, a CSV export. So every name field, on its model and its form, refuses
them, with a message beside the field: every character of Unicode's "control" category
(tab, line feed, carriage return, escape, the C1 controls such as U+0085 next line) and
the Unicode line and paragraph separators (U+2028, U+2029).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
MESSAGE = "Use letters, spaces and punctuation only: no line breaks, tabs or control characters."


def is_refused(char: str) -> bool:
    return unicodedata.category(char) in REFUSED_CATEGORIES


def single_line(text: str) -> str:
    """The text with every refused character turned into a space: for writing out a name
    saved before the check existed."""
    return "".join(" " if is_refused(char) else char for char in text)


def no_control_characters(value) -> None:
    """The validator every name field lists (models and plain form fields alike)."""
    if isinstance(value, str) and any(is_refused(char) for char in value):
        raise ValidationError(MESSAGE, code="control_characters")
