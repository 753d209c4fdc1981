"""Lockout, password hashing and session limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def fail_login(client, username: str, times: int):
    for _ in range(times):
        response = client.post(
            "/accounts/login/", {"username": username, "password": "wrong-password"}
        )
    return response


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one_next(client, therapist):
    fail_login(client, "theo", 5)
    response = client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client, therapist):
    fail_login(client, "theo", 4)
    response = client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_lockout_is_per_account_not_per_clinic(client, therapist, owner):
    fail_login(client, "theo", 5)
    response = client.post("/accounts/login/", {"username": "olivia", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_owner_sees_the_lockout_and_unlocks(client, therapist, owner):
    fail_login(client, "theo", 5)
    client.force_login(owner)
    html = client.get("/practice/staff/").content.decode()
    assert "Locked out" in html
    client.post(f"/practice/staff/{therapist.membership.pk}/unlock/")
    assert "Locked out" not in client.get("/practice/staff/").content.decode()
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_another_practice_cannot_unlock_our_staff(client, therapist, outsider):
    fail_login(client, "theo", 5)
    client.force_login(outsider)
    assert client.post(f"/practice/staff/{therapist.membership.pk}/unlock/").status_code == 404


def test_passwords_are_hashed_with_argon2(settings):
    from django.contrib.auth.hashers import make_password

    from clinic import settings as project_settings  # the suite swaps in a fast hasher

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_password("plum-orchard-lantern-42").startswith("argon2")


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's clock on: `clock(minutes=31)` is 31 minutes after the test began."""
    real_now = timezone.now
    start = real_now()

    def travel(**delta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(**delta))

    return travel


def test_sessions_end_after_30_idle_minutes(therapist_client, clock):
    assert therapist_client.get("/").status_code == 200
    clock(minutes=25)
    assert therapist_client.get("/clients/").status_code == 200  # active again at 25 minutes
    clock(minutes=25 + 31)
    response = therapist_client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert therapist_client.get("/clients/").status_code == 302  # really signed out


def test_a_session_cookie_alone_is_signed_out_after_30_idle_minutes(therapist_client, clock):
    """Idle time lives in the session on the server: a copied session cookie, sent without
    any other cookie, is no fresher than the session it came from."""
    assert therapist_client.get("/").status_code == 200
    stolen = Client()
    name = settings.SESSION_COOKIE_NAME
    stolen.cookies[name] = therapist_client.cookies[name].value
    assert stolen.get("/clients/").status_code == 200
    clock(minutes=31)
    response = stolen.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_session_never_used_since_sign_in_counts_idle_time_from_the_sign_in(
    therapist_client, clock
):
    clock(minutes=31)
    assert therapist_client.get("/clients/").status_code == 302


def test_activity_is_written_to_the_session_at_most_once_a_minute(therapist_client, clock):
    name = settings.SESSION_COOKIE_NAME
    therapist_client.get("/")
    clock(seconds=30)
    assert name not in therapist_client.get("/clients/").cookies  # the session wasn't saved
    clock(seconds=61)
    assert name in therapist_client.get("/clients/").cookies


def test_sessions_end_12_hours_after_sign_in_however_active(therapist_client, therapist):
    assert therapist_client.get("/").status_code == 200
    therapist.last_login = timezone.now() - timedelta(hours=12, minutes=1)
    therapist.save(update_fields=["last_login"])
    response = therapist_client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signed_in_pages_are_never_stored(therapist_client, client):
    assert "no-store" in therapist_client.get("/")["Cache-Control"]


def test_the_next_person_on_a_shared_tablet_is_not_signed_out(client, therapist, owner):
    client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "olivia", "password": TEST_PASSWORD})
    assert client.get("/clients/").status_code == 200
