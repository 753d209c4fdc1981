"""A database that can't take a write now: the page says nothing was saved (503), never
Django's bare "Server Error (500)", and never needs the database to say so."""

import pytest
from django.db import connection, connections
from django.test import Client

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
