"""Lockout, password hashing and session limits."""

from __future__ import annotations

import time

import pytest

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


def test_sessions_end_after_30_idle_minutes(therapist_client, monkeypatch):
    assert therapist_client.get("/").status_code == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 25 * 60)
    assert therapist_client.get("/clients/").status_code == 200  # active again at 25 minutes
    monkeypatch.setattr(time, "time", lambda: real_time() + 25 * 60 + 31 * 60)
    response = therapist_client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert therapist_client.get("/clients/").status_code == 302  # really signed out


def test_sessions_end_12_hours_after_sign_in_however_active(therapist_client, therapist):
    from datetime import timedelta

    from django.utils import timezone

    assert therapist_client.get("/").status_code == 200
    therapist.last_login = timezone.now() - timedelta(hours=12, minutes=1)
    therapist.save(update_fields=["last_login"])
    response = therapist_client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_tampered_activity_cookie_signs_out(therapist_client):
    therapist_client.get("/")
    therapist_client.cookies["clinic_seen"] = "1:forged:signature"
    assert therapist_client.get("/clients/").status_code == 302


def test_signed_in_pages_are_never_stored(therapist_client, client):
    assert "no-store" in therapist_client.get("/")["Cache-Control"]


def test_the_next_person_on_a_shared_tablet_is_not_signed_out(client, therapist, owner):
    client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "olivia", "password": TEST_PASSWORD})
    assert client.get("/clients/").status_code == 200
