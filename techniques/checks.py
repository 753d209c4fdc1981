"""System check: the contraindication rows in the database match the vocabulary constants."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from techniques.vocabulary import CONTRAINDICATIONS


@checks.register(checks.Tags.database)
def contraindication_vocabulary_check(app_configs=None, databases=None, **kwargs):
    """Runs with `check --database default` (and in migrate), never at import time."""
    if not databases or "default" not in databases:
        return []
    from techniques.models import Contraindication

    try:
        stored = set(Contraindication.objects.values_list("code", flat=True))
    except DatabaseError:
        return []  # not migrated yet: migrate will create and fill the table
    if not stored:
        return []  # table created but the data migration has not run yet
    return vocabulary_differences(stored)


def vocabulary_differences(stored_codes: set[str]) -> list[checks.CheckMessage]:
    expected = set(CONTRAINDICATIONS)
    problems = []
    for code in sorted(expected - stored_codes):
        problems.append(
            checks.Error(
                f"Contraindication {code} is in the screening vocabulary but not in the database.",
                hint="Run `python manage.py migrate`; if it persists, restore the row in admin.",
                id="techniques.E001",
            )
        )
    for code in sorted(stored_codes - expected):
        problems.append(
            checks.Error(
                f"Contraindication {code} is in the database but screening does not know it.",
                hint="Codes and their rules live in techniques/vocabulary.py; remove the stray row.",
                id="techniques.E002",
            )
        )
    return problems
