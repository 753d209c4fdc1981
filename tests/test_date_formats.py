"""Dates read the same everywhere: "6 Jan 2027", never "06 Jan 2027" or "06/01/2027".

Scans every template's `|date:` formats and the Python code's date formats for a day with a
leading zero, and checks the site's own default formats (clinic/formats) that
`date_format()` and unformatted template values use."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import formats

ROOT = Path(__file__).resolve().parents[1]
APPS = ("clinic", "clients", "techniques")
# A template's date format: `|date:"j M Y"`, `|date:'d/m/Y'`, `{% now "d M" %}`.
TEMPLATE_FORMAT = re.compile(r"""(?:\|date:|\{%\s*now\s+)(["'])(.*?)\1""")
# Django's leading-zero day `d` (not escaped, not part of a word) before a month.
DJANGO_PADDED_DAY = re.compile(r"(?<![\\\w])d[\s/.,-]*[MFmbNn]")
# In Python: strftime's `%d` before a month, or a Django format given to date_format().
STRFTIME_PADDED_DAY = re.compile(r"%d[\s/.,-]*%[bBmh]")
PYTHON_DJANGO_FORMAT = re.compile(
    r"""(?:date_format|dateformat\.format)\([^"'\n]*?,\s*(["'])(.*?)\1"""
)


def templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )


def python_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def padded_template_formats(text: str) -> list[str]:
    return [fmt for _, fmt in TEMPLATE_FORMAT.findall(text) if DJANGO_PADDED_DAY.search(fmt)]


def padded_python_formats(text: str) -> list[str]:
    found = [match.group(0) for match in STRFTIME_PADDED_DAY.finditer(text)]
    return found + [
        fmt for _, fmt in PYTHON_DJANGO_FORMAT.findall(text) if DJANGO_PADDED_DAY.search(fmt)
    ]


def test_the_scanners_notice_a_padded_day():
    assert padded_template_formats("{{ a|date:\"d M Y\" }} {{ b|date:'d/m/Y' }}") == [
        "d M Y",
        "d/m/Y",
    ]
    assert (
        padded_template_formats('{{ a|date:"j M Y" }} {{ b|date:"Y-m-d" }} {{ c|date:"D j M" }}')
        == []
    )
    assert padded_python_formats('f"{day:%d %b %Y}" + dateformat.format(day, "d M")') == [
        "%d %b",
        "d M",
    ]
    assert padded_python_formats('f"{day:%-d %b %Y} {at:%Y-%m-%d %H:%M}"') == []


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_writes_a_day_with_a_leading_zero(path):
    assert padded_template_formats(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_writes_a_day_with_a_leading_zero(path):
    assert padded_python_formats(path.read_text(encoding="utf-8")) == []


def test_times_in_templates_always_come_with_the_year():
    """ "j M H:i" read as "6 Jan 14:30" beside "6 Jan 2027 14:30" elsewhere."""
    yearless = {
        str(path.relative_to(ROOT)): fmt
        for path in templates()
        for _, fmt in TEMPLATE_FORMAT.findall(path.read_text(encoding="utf-8"))
        if re.search(r"(?<![\\\w])[jd]\b", fmt) and "Y" not in fmt and not re.search("[DlN]", fmt)
    }
    assert yearless == {}


def test_the_default_formats_write_the_day_without_a_leading_zero():
    day = date(2027, 1, 6)
    assert formats.date_format(day) == "6 Jan 2027"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "6 Jan 2027"
    at = datetime(2027, 1, 6, 9, 5)
    assert formats.date_format(at, "DATETIME_FORMAT") == "6 Jan 2027 09:05"
    assert formats.date_format(at, "SHORT_DATETIME_FORMAT") == "6 Jan 2027 09:05"
