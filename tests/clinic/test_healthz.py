"""/healthz: 200 only when the database is the migrated one and takes a write, within a
few seconds; 503 in plain text otherwise.

The cases on a SQLite file run the site in its own process (tests/clinic/sqlite_site.py),
the way gunicorn runs it: the test runner's in-memory database can't be locked, made
read-only or deleted the way a file can.
"""

import sqlite3
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.utils import OperationalError

from tests.clinic.sqlite_site import run_site


def test_healthz_answers_ok_when_the_database_takes_a_write(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
        cursor.side_effect = OperationalError("gone")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"database unavailable\n"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_ok_on_a_migrated_file(sqlite_file):
    [answer] = run_site(sqlite_file, "get:/healthz")
    assert (answer.status, answer.body) == (200, "ok\n")


def test_healthz_answers_503_within_seconds_while_another_writer_holds_the_lock(sqlite_file):
    writer = sqlite3.connect(sqlite_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a long write in another worker would
    try:
        _, answer = run_site(sqlite_file, "get:/accounts/login/", "get:/healthz")  # warm first
    finally:
        writer.rollback()
        writer.close()
    assert (answer.status, answer.body) == (503, "database busy\n")
    assert answer.seconds < 4  # the probe waits 2 s, not the 5 s busy timeout


def test_healthz_answers_503_when_the_database_is_read_only(sqlite_file):
    [answer] = run_site(sqlite_file, "read-only", "get:/healthz")
    assert (answer.status, answer.body) == (503, "database read-only\n")


def test_healthz_answers_503_when_a_migration_is_missing(sqlite_file):
    with sqlite3.connect(sqlite_file) as database:
        database.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations)"
        )
    database.close()
    [answer] = run_site(sqlite_file, "get:/healthz")
    assert (answer.status, answer.body) == (503, "database not migrated\n")


def test_a_missing_database_file_answers_503_and_is_never_created(tmp_path):
    missing = tmp_path / "db.sqlite3"
    healthz, page = run_site(missing, "get:/healthz", "get:/sheets/psoas/")
    assert (healthz.status, healthz.body) == (503, "database unavailable\n")
    assert page.status == 503 and "nothing was saved" in page.body
    assert list(tmp_path.iterdir()) == []  # no empty database, no -wal, no -shm


def test_a_database_file_deleted_while_serving_is_noticed_and_not_recreated(sqlite_file):
    before, after = run_site(sqlite_file, "get:/healthz", "unlink", "get:/healthz")
    assert before.status == 200
    assert (after.status, after.body) == (503, "database unavailable\n")
    assert not sqlite_file.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locks")
def test_healthz_answers_503_within_seconds_while_postgresql_holds_a_lock(client, db):
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            holder.set_autocommit(False)
            cursor.execute("LOCK TABLE django_migrations IN EXCLUSIVE MODE")
            response = client.get("/healthz")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response.content == b"database busy\n"
