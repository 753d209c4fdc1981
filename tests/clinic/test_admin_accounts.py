"""The accounts admin gives a site admin no way into client records and no way to wipe
evidence: memberships and invitations are read-only, invitation tokens are never shown,
a practice with clients or audit rows can't be deleted, and deleting a user whose work is
on record deactivates them instead."""

from __future__ import annotations

import pytest
from django.test import Client

from clients.models import AuditEvent
from clinic.models import Invitation, Membership, Practice, User
from tests.factories import ClientFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def practice_form(practice: Practice, **inline) -> dict:
    """The practice change page as posted, with its (read-only) staff inline."""
    return {
        "name": practice.name,
        "email": practice.email,
        "phone": practice.phone,
        "time_zone": practice.time_zone,
        "memberships-TOTAL_FORMS": str(len(inline) and 1),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **{f"memberships-0-{field}": value for field, value in inline.items()},
    }


def test_a_site_admin_cant_add_themselves_to_a_practice(admin_client, site_admin, practice):
    response = admin_client.post(
        f"/admin/clinic/practice/{practice.pk}/change/",
        practice_form(practice, user=str(site_admin.pk), role="owner"),
    )
    assert response.status_code in {200, 302}
    assert not Membership.objects.filter(user=site_admin).exists()


def test_the_admin_pages_offer_no_membership_form(admin_client, therapist, practice):
    user_page = admin_client.get(f"/admin/clinic/user/{therapist.pk}/change/").content.decode()
    practice_page = admin_client.get(f"/admin/clinic/practice/{practice.pk}/change/")
    assert 'name="membership-__prefix__-practice"' not in user_page
    assert 'name="membership-0-role"' not in user_page
    assert 'name="memberships-__prefix__-user"' not in practice_page.content.decode()
    assert "Riverside Massage" in user_page  # still shown, as text


def test_invitation_tokens_are_never_shown_in_the_admin(admin_client, practice, owner):
    invitation = Invitation.objects.create(practice=practice, email="x@example.com")
    for url in [
        "/admin/clinic/invitation/",
        f"/admin/clinic/invitation/{invitation.pk}/change/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert invitation.token not in response.content.decode()


def test_invitations_cant_be_made_changed_or_deleted_in_the_admin(admin_client, practice):
    invitation = Invitation.objects.create(practice=practice, email="x@example.com")
    assert admin_client.get("/admin/clinic/invitation/add/").status_code == 403
    admin_client.post(
        f"/admin/clinic/invitation/{invitation.pk}/change/",
        {"email": "me@example.com", "practice": practice.pk, "role": "owner"},
    )
    delete = admin_client.post(f"/admin/clinic/invitation/{invitation.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    invitation.refresh_from_db()
    assert invitation.email == "x@example.com" and invitation.role == "therapist"


@pytest.mark.parametrize("history", ["a client", "an audit row"])
def test_a_practice_with_clients_or_audit_rows_cant_be_deleted(admin_client, practice, history):
    if history == "a client":
        ClientFactory(practice=practice)
    else:
        AuditEvent.objects.create(practice=practice, action="viewed", target="calendar feed 1")
    url = f"/admin/clinic/practice/{practice.pk}/delete/"
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_a_practice_with_no_records_can_still_be_deleted(admin_client):
    empty = PracticeFactory(name="Set up by mistake")
    response = admin_client.post(f"/admin/clinic/practice/{empty.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Practice.objects.filter(pk=empty.pk).exists()


def test_bulk_delete_is_offered_for_neither_practices_nor_users(admin_client, practice):
    for url in ["/admin/clinic/practice/", "/admin/clinic/user/"]:
        assert "delete_selected" not in admin_client.get(url).content.decode()


def test_deleting_a_user_with_audit_rows_deactivates_them_instead(
    admin_client, therapist, practice
):
    row = AuditEvent.objects.create(
        practice=practice, user=therapist, action="viewed", target="calendar feed 1"
    )
    url = f"/admin/clinic/user/{therapist.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "can't be deleted" in page and "Deactivate" in page
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert not therapist.is_active
    row.refresh_from_db()
    assert row.user == therapist  # the trail still says who
    assert AuditEvent.objects.filter(practice=practice, action="deactivated").exists()


def test_a_user_with_no_history_can_still_be_deleted(admin_client):
    spare = User.objects.create_user("spare", password="unused-password-1234")
    response = admin_client.post(f"/admin/clinic/user/{spare.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=spare.pk).exists()


def test_deactivating_in_the_admin_ends_sessions_and_goes_on_the_trail(
    admin_client, therapist, practice
):
    theo = Client()
    theo.force_login(therapist)
    assert theo.get("/clients/").status_code == 200
    page = admin_client.get(f"/admin/clinic/user/{therapist.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": therapist.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": therapist.date_joined.strftime("%H:%M:%S"),
            "membership-TOTAL_FORMS": "1",
            "membership-INITIAL_FORMS": "1",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
            "membership-0-id": str(therapist.membership.pk),
            "membership-0-user": str(therapist.pk),
        }
    )
    data.pop("is_active")
    response = admin_client.post(f"/admin/clinic/user/{therapist.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    therapist.refresh_from_db()
    assert not therapist.is_active
    assert theo.get("/clients/").status_code == 302
    assert AuditEvent.objects.filter(practice=practice, action="deactivated").exists()
