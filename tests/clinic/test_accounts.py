"""Login, logout, password change and reset, staff invitations and deactivation."""

from __future__ import annotations

import re
import threading

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from clients.models import AuditEvent
from clinic import services
from clinic.models import Invitation, Membership, User
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_login_form_uses_username_and_password_fields(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_therapist_signs_in_and_reaches_the_dashboard(client, therapist):
    response = client.post(
        "/accounts/login/", {"username": "theo", "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Hello, " in response.content.decode()


def test_wrong_password_shows_a_message_and_keeps_the_username(client, therapist):
    response = client.post("/accounts/login/", {"username": "theo", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "enter a correct username and password" in html
    assert 'value="theo"' in html


def test_logout_is_a_post_and_ends_the_session(therapist_client):
    response = therapist_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert therapist_client.get("/").status_code == 302


def test_password_change_refuses_a_short_password(therapist_client):
    response = therapist_client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert "at least 12 characters" in response.content.decode()


def test_password_change_with_a_good_password(therapist_client, therapist):
    new = "plum-orchard-lantern-42"
    response = therapist_client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.check_password(new)


def test_password_reset_emails_a_working_link(client, therapist):
    client.post("/accounts/password/reset/", {"email": therapist.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "plum-orchard-lantern-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    therapist.refresh_from_db()
    assert therapist.check_password(new)


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, db):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True
    )
    assert "If that address belongs to a login" in response.content.decode()
    assert mail.outbox == []


def test_owner_invites_a_therapist_who_joins_by_the_emailed_link(owner_client, practice, client):
    response = owner_client.post(
        "/practice/staff/invite/", {"email": "New@Example.com", "role": "therapist"}
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new@example.com"]
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)
    owner_client.post("/accounts/logout/")
    password = "plum-orchard-lantern-42"
    response = client.post(
        link,
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "Ng",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert nina.email == "new@example.com"
    assert nina.membership.practice == practice
    assert nina.membership.role == "therapist"
    assert client.get(link).status_code == 404  # used once


def test_invitation_form_keeps_what_was_typed_when_the_password_is_weak(client, practice, owner):
    invitation = Invitation.objects.create(
        practice=practice, email="x@example.com", invited_by=owner
    )
    response = client.post(
        f"/accounts/invitation/{invitation.token}/",
        {
            "username": "xavier",
            "first_name": "Xavier",
            "password1": "password",
            "password2": "password",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="xavier"' in html
    assert "too common" in html
    assert not User.objects.filter(username="xavier").exists()


def test_invitation_refuses_an_email_already_on_staff(owner_client, therapist):
    response = owner_client.post(
        "/practice/staff/invite/", {"email": therapist.email.upper(), "role": "therapist"}
    )
    assert "already works in your practice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_owner_deactivates_and_reactivates_a_therapist(owner_client, therapist):
    membership = therapist.membership
    owner_client.post(f"/practice/staff/{membership.pk}/active/", {"active": "0"})
    therapist.refresh_from_db()
    assert not therapist.is_active
    owner_client.post(f"/practice/staff/{membership.pk}/active/", {"active": "1"})
    therapist.refresh_from_db()
    assert therapist.is_active


def test_deactivated_therapist_cannot_sign_in(client, therapist):
    therapist.is_active = False
    therapist.save()
    response = client.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_owner_cannot_deactivate_themselves(owner_client, owner):
    owner_client.post(f"/practice/staff/{owner.membership.pk}/active/", {"active": "0"})
    owner.refresh_from_db()
    assert owner.is_active


@pytest.mark.parametrize("url", ["/practice/", "/practice/staff/", "/practice/staff/invite/"])
def test_a_therapist_who_is_not_owner_gets_404_on_practice_management(therapist_client, url):
    assert therapist_client.get(url).status_code == 404


def test_owner_of_another_practice_gets_404_for_our_staff(outsider_client, therapist):
    response = outsider_client.post(
        f"/practice/staff/{therapist.membership.pk}/active/", {"active": "0"}
    )
    assert response.status_code == 404
    therapist.refresh_from_db()
    assert therapist.is_active


def test_owner_of_another_practice_gets_404_for_our_invitations(outsider_client, practice, owner):
    invitation = Invitation.objects.create(
        practice=practice, email="x@example.com", invited_by=owner
    )
    assert outsider_client.post(f"/practice/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert not invitation.revoked


def test_owner_edits_practice_details_and_bad_email_is_reported(owner_client, practice):
    response = owner_client.post(
        "/practice/",
        {
            "name": "Riverside Massage & Bodywork",
            "email": "not-an-email",
            "time_zone": "Europe/London",
        },
    )
    html = response.content.decode()
    assert "Enter a valid email address" in html
    assert "Riverside Massage &amp; Bodywork" in html
    response = owner_client.post(
        "/practice/",
        {"name": "Riverside Massage & Bodywork", "email": "a@b.org", "time_zone": "Europe/Dublin"},
    )
    practice.refresh_from_db()
    assert practice.time_zone == "Europe/Dublin"


def test_staff_page_lists_staff_with_bounded_queries(
    owner_client, practice, django_assert_max_num_queries
):
    for _ in range(5):
        MembershipFactory(practice=practice)
    with django_assert_max_num_queries(10):
        response = owner_client.get("/practice/staff/")
    assert response.content.decode().count(">Deactivate<") == 5


def test_site_admin_without_practice_sees_no_client_data_and_a_pointer_to_admin(admin_client):
    html = admin_client.get("/").content.decode()
    assert "isn't part of a practice" in html
    assert "Library admin" in html
    assert not Membership.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twelve_simultaneous_sign_ups_on_one_invitation_make_exactly_one_login(
    shared_database, monkeypatch
):
    """Twelve people post the accept form of one link at the same moment, each with their
    own username. Each request has passed the page's "is it still usable?" check before
    any of them saves (a barrier holds them there), which is the race the claim closes."""
    practice = MembershipFactory(role="owner").practice
    invitation = Invitation.objects.create(practice=practice, email="shared@example.com")
    people = 12
    barrier = threading.Barrier(people, timeout=30)
    accept = services.invitation_accept

    def accept_together(**kwargs):
        barrier.wait()
        return accept(**kwargs)

    monkeypatch.setattr(services, "invitation_accept", accept_together)
    statuses = []

    def sign_up(number: int) -> None:
        try:
            password = "plum-orchard-lantern-42"
            response = Client().post(
                f"/accounts/invitation/{invitation.token}/",
                {
                    "username": f"racer{number}",
                    "first_name": "Racer",
                    "password1": password,
                    "password2": password,
                },
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [404] * (people - 1)
    assert User.objects.filter(username__startswith="racer").count() == 1
    assert Membership.objects.filter(practice=practice).count() == 2  # the owner and one


# --- Staff changes end sessions and go on the practice's audit trail ---------------------


def signed_in(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get("/clients/").status_code == 200
    return browser


def staff_trail(practice) -> list[tuple[str, str, str]]:
    rows = AuditEvent.objects.filter(practice=practice, client__isnull=True).order_by("pk")
    return [(row.user.username, row.action, row.target) for row in rows]


def test_deactivating_ends_the_members_sessions_and_reactivating_revives_none(owner, therapist):
    theo, olivia = signed_in(therapist), signed_in(owner)
    url = f"/practice/staff/{therapist.membership.pk}/active/"
    olivia.post(url, {"active": "0"})
    response = theo.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    olivia.post(url, {"active": "1"})
    assert theo.get("/clients/")["Location"].startswith("/accounts/login/")
    # Theo signs in again as anyone would.
    theo.post("/accounts/login/", {"username": "theo", "password": TEST_PASSWORD})
    assert theo.get("/clients/").status_code == 200


def test_deactivating_one_member_leaves_the_others_signed_in(owner, therapist, practice):
    colleague = MembershipFactory(practice=practice).user
    other = signed_in(colleague)
    signed_in(owner).post(f"/practice/staff/{therapist.membership.pk}/active/", {"active": "0"})
    assert other.get("/clients/").status_code == 200


def test_deactivation_and_reactivation_go_on_the_practice_audit_trail(
    owner_client, practice, therapist
):
    url = f"/practice/staff/{therapist.membership.pk}/active/"
    owner_client.post(url, {"active": "0"})
    owner_client.post(url, {"active": "1"})
    assert staff_trail(practice) == [
        ("olivia", "deactivated", "login theo"),
        ("olivia", "reactivated", "login theo"),
    ]
    page = owner_client.get("/audit/").content.decode()
    assert "Deactivated a login" in page and "login theo" in page


def test_an_accepted_invitation_goes_on_the_practice_audit_trail(client, practice, owner):
    invitation = Invitation.objects.create(practice=practice, email="n@example.com")
    password = "plum-orchard-lantern-42"
    client.post(
        f"/accounts/invitation/{invitation.token}/",
        {"username": "nina", "first_name": "Nina", "password1": password, "password2": password},
    )
    assert staff_trail(practice) == [("nina", "joined", "login nina")]


def test_an_unlock_goes_on_the_practice_audit_trail(owner_client, practice, therapist):
    owner_client.post(f"/practice/staff/{therapist.membership.pk}/unlock/")
    assert staff_trail(practice) == [("olivia", "unlocked", "login theo")]


def test_a_two_factor_reset_goes_on_the_practice_audit_trail(owner_client, practice, therapist):
    from tests.clinic.test_two_factor import turn_on

    turn_on(therapist)
    owner_client.post(f"/practice/staff/{therapist.membership.pk}/two-factor/reset/")
    assert staff_trail(practice) == [("olivia", "2fa_reset", "login theo")]
