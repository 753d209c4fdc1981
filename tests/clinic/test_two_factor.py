"""Two-factor login: setting it up, backup codes, the code step of signing in (the admin
too), practice and site-admin requirements, turning it off, and the owner's reset."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import two_factor
from clinic.models import User
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

ID_ARGUMENT = re.compile(r"<int:(\w+)>")
METHODS = ["get", "post", "put", "patch", "delete"]


def app_code(device: TOTPDevice) -> str:
    """The code the person's app shows now, or the next one if now's was already used
    (django-otp accepts each time step once, and one step ahead)."""
    device.refresh_from_db()
    now = (int(timezone.now().timestamp()) - device.t0) // device.step + device.drift
    ahead = max(0, device.last_t + 1 - now)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(app_code(device)) + 500_000) % 1_000_000:06d}"


def turn_on(user: User) -> tuple[TOTPDevice, list[str]]:
    """Two-factor on for `user`, as if set up on the setup page."""
    device = two_factor.pending_device(user)
    return device, two_factor.turn_on(device)


def sign_in(client, user: User):
    return client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})


def signed_in_and_verified(client, user: User, device: TOTPDevice):
    sign_in(client, user)
    response = client.post("/accounts/verify/", {"code": app_code(device)})
    assert response.status_code == 302, response.content.decode()
    return client


def html(response) -> str:
    return response.content.decode()


# Turning it on


def test_setup_page_shows_the_qr_code_and_the_secret_for_typing(therapist_client, therapist):
    page = html(therapist_client.get("/accounts/security/setup/"))
    device = TOTPDevice.objects.get(user=therapist)
    assert not device.confirmed
    assert '<svg role="img"' in page
    assert two_factor.secret_for_typing(device) in page
    # A reload shows the same key, so a code already scanned keeps working.
    therapist_client.get("/accounts/security/setup/")
    assert TOTPDevice.objects.get(user=therapist).key == device.key


def test_setup_with_the_right_code_turns_it_on_and_shows_ten_backup_codes_once(
    therapist_client, therapist
):
    therapist_client.get("/accounts/security/setup/")
    device = TOTPDevice.objects.get(user=therapist)
    response = therapist_client.post(
        "/accounts/security/setup/", {"code": app_code(device)}, follow=True
    )
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=therapist).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in html(response) for code in codes)
    assert "only time Clinic shows them" in html(response)
    again = html(therapist_client.get("/accounts/security/backup-codes/"))
    assert not any(code in again for code in codes)
    assert "<strong>10</strong> unused backup codes" in again
    # The session that set it up counts as verified.
    assert therapist_client.get("/clients/").status_code == 200


def test_setup_with_a_wrong_code_says_so_and_leaves_it_off(therapist_client, therapist):
    therapist_client.get("/accounts/security/setup/")
    device = TOTPDevice.objects.get(user=therapist)
    response = therapist_client.post("/accounts/security/setup/", {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code didn&#x27;t work" in html(response)
    assert 'aria-invalid="true"' in html(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=therapist).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the code."),
        ("abcdef", "Enter the 6 digits the app shows"),
        ("1234567", "Enter the 6 digits the app shows"),
    ],
)
def test_setup_with_bad_input_gets_a_message(therapist_client, typed, message):
    therapist_client.get("/accounts/security/setup/")
    response = therapist_client.post("/accounts/security/setup/", {"code": typed})
    assert response.status_code == 200
    assert message in html(response)
    assert f'value="{typed}"' in html(response) or not typed


def test_account_security_page_says_whether_two_factor_is_on(therapist_client, therapist):
    page = html(therapist_client.get("/accounts/security/"))
    assert "Turn on two-factor login" in page
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    page = html(therapist_client.get("/accounts/security/"))
    assert ">On<" in page and "Turn off two-factor login" in page


def test_user_menu_links_to_account_security(therapist_client):
    assert 'href="/accounts/security/"' in html(therapist_client.get("/"))


# Signing in


def test_sign_in_with_a_device_asks_for_a_code_before_any_other_page(client, therapist):
    device, _ = turn_on(therapist)
    response = sign_in(client, therapist)
    assert response.status_code == 302
    for path in ["/", "/clients/", "/library/", "/accounts/security/", "/accounts/password/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/verify/"), path
    assert client.post("/clients/new/").status_code == 302
    response = client.post("/accounts/verify/?next=/clients/", {"code": app_code(device)})
    assert response["Location"] == "/clients/"
    assert client.get("/clients/").status_code == 200


def test_the_verify_page_returns_to_the_page_asked_for(client, therapist):
    device, _ = turn_on(therapist)
    sign_in(client, therapist)
    response = client.get("/library/")
    assert response["Location"] == "/accounts/verify/?next=%2Flibrary%2F"
    page = html(client.get(response["Location"]))
    assert 'name="next" value="/library/"' in page
    response = client.post("/accounts/verify/", {"code": app_code(device), "next": "/library/"})
    assert response["Location"] == "/library/"


def test_the_verify_page_ignores_a_next_on_another_site(client, therapist):
    device, _ = turn_on(therapist)
    sign_in(client, therapist)
    response = client.post(
        "/accounts/verify/", {"code": app_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_signing_out_stays_possible_before_the_code(client, therapist):
    turn_on(therapist)
    sign_in(client, therapist)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_sign_in_without_a_device_needs_no_code(client, therapist):
    sign_in(client, therapist)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/verify/")["Location"] == "/"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the code."),
        ("letters", "Enter the 6 digits from your app"),
        ("1234567", "Enter the 6 digits from your app"),
        ("12 34", "Enter the 6 digits from your app"),
    ],
)
def test_verify_with_bad_input_gets_a_message_next_to_the_field(client, therapist, typed, message):
    turn_on(therapist)
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": typed})
    assert response.status_code == 200
    page = html(response)
    assert message in page
    assert 'id="error_1_id_code"' in page
    assert client.get("/")["Location"].startswith("/accounts/verify/")


def test_a_wrong_code_is_refused_and_then_throttled(client, therapist):
    device, _ = turn_on(therapist)
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": wrong_code(device)})
    assert "That code didn&#x27;t work" in html(response)
    # Straight after a wrong code even the right one waits: django-otp's throttling.
    response = client.post("/accounts/verify/", {"code": app_code(device)})
    assert "Too many wrong codes" in html(response)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert client.post("/accounts/verify/", {"code": app_code(device)}).status_code == 302


def test_a_code_cannot_be_used_twice(client, therapist):
    device, _ = turn_on(therapist)
    code = app_code(device)
    sign_in(client, therapist)
    assert client.post("/accounts/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": code})
    assert "That code didn&#x27;t work" in html(response)


def test_a_backup_code_signs_in_exactly_once(client, therapist):
    _, codes = turn_on(therapist)
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/clients/").status_code == 200
    assert two_factor.backup_codes_left(therapist) == 9
    client.post("/accounts/logout/")
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": codes[0]})
    assert response.status_code == 200
    assert "That backup code didn&#x27;t work" in html(response)


def test_few_backup_codes_left_brings_a_warning(client, therapist):
    _, codes = turn_on(therapist)
    StaticToken.objects.filter(token__in=codes[:7]).delete()
    sign_in(client, therapist)
    response = client.post("/accounts/verify/", {"code": codes[7]}, follow=True)
    assert "You have 2 backup codes left" in html(response)


def test_a_fresh_set_of_backup_codes_replaces_the_old_one(client, therapist):
    device, old = turn_on(therapist)
    signed_in_and_verified(client, therapist, device)
    response = client.post("/accounts/security/backup-codes/", follow=True)
    new = list(StaticToken.objects.filter(device__user=therapist).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in html(response) for code in new)
    assert "the old ones no longer work" in html(response)
    client.post("/accounts/logout/")
    sign_in(client, therapist)
    assert "didn&#x27;t work" in html(client.post("/accounts/verify/", {"code": old[1]}))
    TOTPDevice.objects.filter(user=therapist).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=therapist).update(throttling_failure_count=0)
    assert client.post("/accounts/verify/", {"code": new[1]}).status_code == 302


def test_a_session_verified_by_a_backup_code_survives_a_fresh_set(client, therapist):
    _, codes = turn_on(therapist)
    sign_in(client, therapist)
    client.post("/accounts/verify/", {"code": codes[0]})
    client.post("/accounts/security/backup-codes/")
    assert client.get("/clients/").status_code == 200


def test_a_site_admin_signing_in_at_the_admin_is_asked_for_a_code(client, site_admin):
    device, _ = turn_on(site_admin)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": site_admin.username, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/verify/?next=%2Fadmin%2F"
    assert client.get("/admin/techniques/entry/")["Location"].startswith("/accounts/verify/")
    response = client.post("/accounts/verify/", {"code": app_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# Who must use it


def test_a_practice_that_requires_it_sends_everyone_to_setup(therapist_client, practice):
    practice.require_two_factor = True
    practice.save()
    for path in ["/", "/clients/", "/accounts/security/", "/practice/"]:
        response = therapist_client.get(path)
        assert response["Location"].startswith("/accounts/security/setup/"), path
    page = html(therapist_client.get("/accounts/security/setup/"))
    assert "Your practice asks everyone" in page
    assert therapist_client.post("/accounts/logout/").status_code == 302


def test_required_setup_lets_the_user_in_once_done(therapist_client, therapist, practice):
    practice.require_two_factor = True
    practice.save()
    therapist_client.get("/accounts/security/setup/")
    device = TOTPDevice.objects.get(user=therapist)
    therapist_client.post("/accounts/security/setup/", {"code": app_code(device)})
    assert therapist_client.get("/clients/").status_code == 200


def test_another_practice_requiring_it_does_not_touch_ours(therapist_client, other_practice):
    other_practice.require_two_factor = True
    other_practice.save()
    assert therapist_client.get("/clients/").status_code == 200


def test_site_admins_must_set_it_up_when_the_setting_is_on(admin_client, settings):
    settings.TWO_FACTOR_FOR_SITE_ADMINS = True
    assert admin_client.get("/admin/")["Location"].startswith("/accounts/security/setup/")
    assert admin_client.get("/")["Location"].startswith("/accounts/security/setup/")
    page = html(admin_client.get("/accounts/security/setup/"))
    assert "Site admins must confirm each sign-in" in page


def test_site_admins_are_not_forced_when_the_setting_is_off(admin_client, settings):
    settings.TWO_FACTOR_FOR_SITE_ADMINS = False
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CLINIC_ENV": "production", "TWO_FACTOR_FOR_SITE_ADMINS": "0"}, "True"),
        ({}, "False"),
        ({"TWO_FACTOR_FOR_SITE_ADMINS": "1"}, "True"),
    ],
)
def test_site_admins_need_it_in_production_and_not_by_default_elsewhere(env, expected):
    settings_of = subprocess.run(
        [
            sys.executable,
            "-c",
            "from clinic import settings; print(settings.TWO_FACTOR_FOR_SITE_ADMINS)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"CLINIC_ENV", "TWO_FACTOR_FOR_SITE_ADMINS"}
            },
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "clinic.example",
            **env,
        },
        capture_output=True,
        text=True,
    )
    assert settings_of.stdout.strip() == expected, settings_of.stderr


def test_a_therapist_with_it_required_sees_it_on_with_one_query_more(
    therapist_client, therapist, practice, django_assert_max_num_queries
):
    practice.require_two_factor = True
    practice.save()
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    with django_assert_max_num_queries(10):
        assert therapist_client.get("/clients/").status_code == 200


# Turning it off


def test_turning_off_with_the_password(therapist_client, therapist):
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    response = therapist_client.post("/accounts/security/off/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/security/"
    assert not TOTPDevice.objects.filter(user=therapist).exists()
    assert not StaticDevice.objects.filter(user=therapist).exists()


def test_turning_off_with_a_current_code(therapist_client, therapist):
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    therapist_client.post("/accounts/security/off/", {"code": app_code(device)})
    assert not two_factor.is_on(therapist)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "password", "Enter your password, or a code"),
        ({"password": "not-my-password"}, "password", "That isn&#x27;t your password"),
        ({"code": "12ab"}, "code", "Enter the 6 digits the app shows"),
        ({"code": "1234567"}, "code", "Enter the 6 digits the app shows"),
    ],
)
def test_turning_off_needs_the_password_or_a_code(
    therapist_client, therapist, data, field, message
):
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    response = therapist_client.post("/accounts/security/off/", data)
    assert response.status_code == 200
    assert message in html(response)
    assert f'id="error_1_id_{field}"' in html(response)
    assert two_factor.is_on(therapist)


def test_wrong_passwords_on_the_turn_off_page_count_towards_the_lockout(
    therapist_client, therapist
):
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    for _ in range(4):
        therapist_client.post("/accounts/security/off/", {"password": "guess-number-n"})
    fifth = therapist_client.post("/accounts/security/off/", {"password": "guess-number-n"})
    assert fifth.status_code == 429
    assert two_factor.is_on(therapist)
    # The login is now locked: even the right password no longer signs in elsewhere.
    elsewhere = Client()
    elsewhere.post("/accounts/login/", {"username": therapist.username, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in elsewhere.session


def test_turning_off_is_refused_while_it_is_required(therapist_client, therapist, practice):
    device, _ = turn_on(therapist)
    therapist_client.post("/accounts/verify/", {"code": app_code(device)})
    practice.require_two_factor = True
    practice.save()
    assert "Turn off" not in html(therapist_client.get("/accounts/security/"))
    response = therapist_client.post(
        "/accounts/security/off/", {"password": TEST_PASSWORD}, follow=True
    )
    assert "required for you, so it stays on" in html(response)
    assert two_factor.is_on(therapist)


# The owner's reset


def test_owner_sees_who_has_two_factor_on_with_bounded_queries(
    owner_client, practice, therapist, django_assert_max_num_queries
):
    turn_on(therapist)
    for _ in range(5):
        MembershipFactory(practice=practice)
    with django_assert_max_num_queries(10):
        page = html(owner_client.get("/practice/staff/"))
    assert page.count(">On</span>") == 1
    assert f"Reset two-factor login for {therapist.display_name}" in page


def test_owner_resets_a_staff_members_two_factor_after_confirming(owner_client, therapist, client):
    device, _ = turn_on(therapist)
    url = f"/practice/staff/{therapist.membership.pk}/two-factor/reset/"
    page = html(owner_client.get(url))
    assert "lost their phone" in page
    assert two_factor.is_on(therapist)  # a GET changes nothing
    response = owner_client.post(url, follow=True)
    assert "Two-factor login was reset" in html(response)
    assert not TOTPDevice.objects.filter(user=therapist).exists()
    assert not StaticDevice.objects.filter(user=therapist).exists()
    # Their next sign-in needs a password only.
    sign_in(client, therapist)
    assert client.get("/clients/").status_code == 200


def test_a_reset_ends_the_verified_sessions_of_that_member(owner_client, therapist, client):
    device, _ = turn_on(therapist)
    signed_in_and_verified(client, therapist, device)
    therapist.membership.practice.require_two_factor = True
    therapist.membership.practice.save()
    owner_client.post(f"/practice/staff/{therapist.membership.pk}/two-factor/reset/")
    assert client.get("/clients/")["Location"].startswith("/accounts/security/setup/")


def test_owner_of_another_practice_gets_404_for_the_reset(outsider_client, therapist):
    turn_on(therapist)
    url = f"/practice/staff/{therapist.membership.pk}/two-factor/reset/"
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url).status_code == 404
    assert two_factor.is_on(therapist)


def test_a_therapist_cannot_reset_a_colleague(therapist_client, owner):
    turn_on(owner)
    url = f"/practice/staff/{owner.membership.pk}/two-factor/reset/"
    assert therapist_client.post(url).status_code == 404
    assert two_factor.is_on(owner)


def test_the_owner_cannot_reset_their_own_here(owner_client, owner):
    device, _ = turn_on(owner)
    owner_client.post("/accounts/verify/", {"code": app_code(device)})
    owner_client.post(f"/practice/staff/{owner.membership.pk}/two-factor/reset/")
    assert two_factor.is_on(owner)


# Practice settings and the demo


def test_owner_requires_two_factor_for_the_practice(owner_client, practice):
    page = html(owner_client.get("/practice/"))
    assert "Require two-factor login for everyone in the practice" in page
    response = owner_client.post(
        "/practice/",
        {"name": practice.name, "time_zone": "Europe/London", "require_two_factor": "on"},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.require_two_factor
    # The owner is the first to be asked to set it up.
    assert owner_client.get("/practice/")["Location"].startswith("/accounts/security/setup/")


def test_the_demo_logins_have_two_factor_off(settings):
    settings.TWO_FACTOR_FOR_SITE_ADMINS = False
    call_command("demo")
    for username in ("demo-therapist", "demo-admin"):
        user = User.objects.get(username=username)
        assert not two_factor.is_on(user)
        assert not two_factor.is_required_for(user)
        client = Client()
        client.force_login(user)
        assert client.get("/").status_code == 200


def test_the_admin_never_shows_an_authenticator_key_or_backup_codes(admin_client, therapist):
    device, codes = turn_on(therapist)
    pages = [
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_static/staticdevice/",
    ]
    static = StaticDevice.objects.get(user=therapist)
    pages.append(f"/admin/otp_static/staticdevice/{static.pk}/change/")
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        shown = html(response)
        assert device.key not in shown, page
        assert not [code for code in codes if code in shown], page
