"""Seek-help wording for clients (SCREENING.md section 4, rule 7): "now" lists the
emergency flags, "today" the urgent ones, "soon" the GP-review ones, each flag once, with
the practice's numbers (999 and 111 in the UK, 911 in the US and Canada, 000 in
Australia, 112 elsewhere) unless the practice gives its own."""

from __future__ import annotations

import pytest

from clients import screening
from clients.documents import phone_numbers, seek_help_levels, seek_help_notice
from clinic.forms import PracticeForm
from clinic.models import Practice
from techniques import vocabulary as vocab

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("time_zone", "emergency", "line"),
    [
        ("Europe/London", "999", "111"),
        ("America/New_York", "911", ""),
        ("America/Toronto", "911", ""),
        ("Australia/Sydney", "000", ""),
        ("Europe/Paris", "112", ""),
        ("Asia/Tokyo", "112", ""),
    ],
)
def test_the_numbers_start_from_the_practices_time_zone(time_zone, emergency, line):
    numbers = phone_numbers(Practice(name="P", time_zone=time_zone))
    assert (numbers["emergency"], numbers["line"]) == (emergency, line)


def test_the_practices_own_numbers_and_country_come_first():
    practice = Practice(name="P", time_zone="Europe/London", country="US")
    assert phone_numbers(practice)["emergency"] == "911"
    practice.emergency_number, practice.medical_line = "112", "0800 123"
    assert (phone_numbers(practice)["emergency"], phone_numbers(practice)["line"]) == (
        "112",
        "0800 123",
    )


def test_the_notice_lists_each_flag_once_under_now_today_and_soon():
    result = screening.screen(
        {"red_flags": ["RF01", "RF02", "RF09", "RF21"], "contraindications": []}, []
    )
    notice = seek_help_notice(result, phone_numbers(Practice(time_zone="Europe/London")))
    assert notice["heading"] == "Please get emergency help now"
    assert "call 999" in notice["text"]
    groups = {group["level"]: group["signs"] for group in notice["groups"]}
    assert groups == {
        vocab.EMERGENCY: [
            vocab.RED_FLAGS["RF01"].client_label,
            vocab.RED_FLAGS["RF02"].client_label,
        ],
        vocab.URGENT: [vocab.RED_FLAGS["RF09"].client_label],
        vocab.GP_REVIEW: [vocab.RED_FLAGS["RF21"].client_label],
    }
    assert "now" in notice["groups"][0]["when"] and "today" in notice["groups"][1]["when"]
    assert "soon" in notice["groups"][2]["when"]


def test_an_urgent_notice_gives_the_non_urgent_line_when_there_is_one():
    result = screening.screen({"red_flags": ["RF11"]}, [])
    uk = seek_help_notice(result, phone_numbers(Practice(time_zone="Europe/London")))
    us = seek_help_notice(result, phone_numbers(Practice(time_zone="America/Chicago")))
    assert "call 111" in uk["text"] and "111" not in us["text"]


def test_the_help_section_names_the_numbers():
    levels = seek_help_levels(phone_numbers(Practice(time_zone="Australia/Perth")))
    assert levels[0]["heading"].startswith("Call 000 or go to the emergency department now")


def test_a_cleared_flag_is_not_listed():
    result = screening.screen({"red_flags": ["RF09", "RF10"], "cleared": ["RF09"]}, [])
    notice = seek_help_notice(result, phone_numbers(None))
    assert notice["groups"] == [
        {
            "level": vocab.URGENT,
            "when": "See a doctor today about",
            "signs": [vocab.RED_FLAGS["RF10"].client_label],
        }
    ]


@pytest.mark.parametrize("number", ["999x", "9", "call 999", "99999999999999999999999"])
def test_the_practice_form_refuses_a_number_that_cant_be_dialled(practice, number):
    data = {
        "name": practice.name,
        "time_zone": practice.time_zone,
        "emergency_number": number,
    }
    form = PracticeForm(data, instance=practice)
    assert not form.is_valid()
    assert "emergency_number" in form.errors
    assert form.data["name"] == practice.name  # the rest of what was typed is kept
