from types import SimpleNamespace

import pytest

from techniques.models import describe_dose


def dose(**fields):
    base = dict(
        hold_min=None,
        hold_max=None,
        hold_unit="",
        repetitions=None,
        sets=None,
        per_side=False,
        frequency="",
        dose_note="",
    )
    return SimpleNamespace(**{**base, **fields})


@pytest.mark.parametrize(
    ("modality", "fields", "words"),
    [
        (
            "STRETCH",
            dict(
                hold_min=20,
                hold_max=30,
                hold_unit="s",
                repetitions=3,
                per_side=True,
                frequency="daily",
            ),
            "hold 20–30 seconds, 3 times each side, daily",
        ),
        (
            "STRETCH",
            dict(hold_min=30, hold_max=30, hold_unit="s", repetitions=1),
            "hold 30 seconds, 1 time",
        ),
        (
            "DEEP",
            dict(hold_min=60, hold_max=90, hold_unit="s", per_side=True, frequency="daily"),
            "60–90 seconds each side, daily",
        ),
        (
            "NEURAL",
            dict(repetitions=10, sets=2, per_side=True, dose_note="slowly"),
            "10 times, 2 sets each side, slowly",
        ),
        (
            "ADVICE",
            dict(hold_min=15, hold_max=20, hold_unit="min", frequency="as needed"),
            "15–20 minutes, as needed",
        ),
        (
            "ADVICE",
            dict(frequency="daily", dose_note="build up gradually"),
            "build up gradually, daily",
        ),
        ("ADVICE", dict(per_side=True), "each side"),
        ("ADVICE", dict(), ""),
    ],
)
def test_a_dose_reads_as_plain_words(modality, fields, words):
    assert describe_dose(modality, dose(**fields)) == words
