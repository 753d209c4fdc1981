"""A change and its audit row are written in one transaction: when the audit row can't be
written (the database stays locked), the change is not saved either, and the user gets
the busy page rather than a change nobody can account for."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError

from clients.models import AuditEvent, Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_rows_fail(monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(AuditEvent.objects, "create", locked)


def test_a_new_client_is_not_saved_without_its_audit_row(therapist_client, audit_rows_fail):
    response = therapist_client.post(
        "/clients/new/", {"first_name": "Nadia", "last_name": "Okafor"}
    )
    assert response.status_code == 503
    assert not Client.objects.filter(last_name="Okafor").exists()


def test_an_edit_is_not_saved_without_its_audit_row(therapist_client, practice, audit_rows_fail):
    person = ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")
    response = therapist_client.post(
        f"/clients/{person.pk}/edit/", {"first_name": "Marie", "last_name": "Lopez"}
    )
    assert response.status_code == 503
    person.refresh_from_db()
    assert person.first_name == "Maria"


def test_a_new_sheet_is_not_saved_without_its_audit_row(
    therapist_client, practice, audit_rows_fail
):
    person = ClientFactory(practice=practice)
    response = therapist_client.post(f"/clients/{person.pk}/sheets/new/")
    assert response.status_code == 503
    assert not person.sheets.exists()
