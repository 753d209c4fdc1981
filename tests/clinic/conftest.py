from pathlib import Path

import pytest

from tests.clinic.sqlite_site import copy_database, migrate


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once per session; tests take copies of it."""
    database = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    migrate(database)
    return database


@pytest.fixture
def sqlite_file(migrated_sqlite_template, tmp_path) -> Path:
    """This test's own migrated SQLite file."""
    return copy_database(migrated_sqlite_template, tmp_path / "db.sqlite3")
