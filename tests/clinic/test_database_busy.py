"""A database that can't take a write now: the page says nothing was saved (503), never
Django's bare "Server Error (500)", and never needs the database to say so."""

import sqlite3

import pytest
from django.db import connection, connections
from django.test import Client

from tests.clinic.sqlite_site import run_site

BUSY_WORDS = ("nothing was saved", "Back", "send it again")


def assert_busy_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for words in BUSY_WORDS:
        assert words in html


@pytest.mark.urls("tests.clinic.busy_urls")
def test_a_view_whose_database_stays_locked_answers_the_busy_page(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):  # the page itself asks the database nothing
        response = client.get("/locked/")
    assert_busy_page(response)


@pytest.mark.urls("tests.clinic.busy_urls")
def test_a_database_error_outside_the_views_answers_the_busy_page_too(db, settings):
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "clinic.middleware.DatabaseBusyMiddleware"
    ]
    response = Client(raise_request_exception=False).get("/locked/")
    assert_busy_page(response)  # through handler500, clinic.views.server_error


@pytest.mark.urls("tests.clinic.busy_urls")
def test_any_other_error_stays_a_plain_server_error(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "nothing was saved" not in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout")
def test_a_page_waiting_on_a_postgresql_lock_gives_up_with_the_busy_page(client, db):
    """Another transaction writes the same rate-limit row and doesn't finish: the page's
    own write waits lock_timeout (DATABASE_LOCK_WAIT), then answers 503."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")  # the test's transaction only
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute(
                "INSERT INTO clinic_ratecounter (key, window_start, count) VALUES (%s, 0, 1)",
                ["sheet-rate:psoas:127.0.0.1"],
            )
        response = client.get("/sheets/psoas/")
    finally:
        holder.rollback()
        holder.close()
    assert_busy_page(response)


def test_a_page_waiting_on_a_locked_sqlite_file_gives_up_with_the_busy_page(sqlite_file):
    """The served site (its own process, a SQLite file) while another connection holds
    the write lock: a page that writes (the public sheet counts its requests) waits the
    busy timeout, DATABASE_LOCK_WAIT (1 s here, 5 s by default), then answers 503."""
    writer = sqlite3.connect(sqlite_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        # The sign-in page first, to load the site's code; it needs no database.
        _, answer = run_site(
            sqlite_file, "get:/accounts/login/", "get:/sheets/psoas/", DATABASE_LOCK_WAIT="1"
        )
    finally:
        writer.rollback()
        writer.close()
    assert answer.status == 503
    assert answer.headers["Retry-After"] == "10"
    for words in BUSY_WORDS:
        assert words in answer.body
    assert answer.seconds < 4  # 1 s of waiting, not the default 5
