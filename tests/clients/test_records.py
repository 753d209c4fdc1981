"""Client records: list, search, create, edit, archive, the client page and its privacy."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import AuditEvent, Client
from tests.factories import ClientFactory, IntakeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_record(practice):
    return ClientFactory(practice=practice, first_name="Maria", last_name="Lopez")


def test_empty_client_list_invites_adding_the_first_client(therapist_client):
    html = therapist_client.get("/clients/").content.decode()
    assert "No clients yet." in html
    assert "Add your first client" in html


def test_client_list_shows_only_this_practices_active_clients(
    therapist_client, practice, other_practice
):
    ClientFactory(practice=practice, last_name="Ours")
    ClientFactory(practice=practice, last_name="Gone", archived=True)
    ClientFactory(practice=other_practice, last_name="Theirs")
    html = therapist_client.get("/clients/").content.decode()
    assert "Ours" in html
    assert "Gone" not in html and "Theirs" not in html
    assert "Gone" in therapist_client.get("/clients/?archived=on").content.decode()


def test_search_matches_name_words_email_and_phone(therapist_client, practice):
    ClientFactory(practice=practice, first_name="Maria", last_name="Lopez", email="ml@example.org")
    ClientFactory(
        practice=practice, first_name="Mark", last_name="Quillfeather", phone="0161 555 0000"
    )
    assert "Lopez" in therapist_client.get("/clients/?q=maria+lop").content.decode()
    assert "Quillfeather" not in therapist_client.get("/clients/?q=maria").content.decode()
    assert "Quillfeather" in therapist_client.get("/clients/?q=555").content.decode()
    html = therapist_client.get("/clients/?q=zebra").content.decode()
    assert "No client matches" in html


def test_search_finds_a_client_by_their_new_name_after_an_edit(therapist_client, practice):
    client = ClientFactory(practice=practice, first_name="Zoë", last_name="Brandt")
    assert "Brandt" in therapist_client.get("/clients/?q=ZOË").content.decode()
    therapist_client.post(
        f"/clients/{client.pk}/edit/", {"first_name": "Zoë", "last_name": "Okonkwo"}
    )
    assert "Okonkwo" in therapist_client.get("/clients/?q=okonk").content.decode()
    assert "No client matches" in therapist_client.get("/clients/?q=brandt").content.decode()


def test_search_leaves_archived_clients_out_unless_asked(therapist_client, practice):
    ClientFactory(practice=practice, last_name="Halloran", archived=True)
    assert "No client matches" in therapist_client.get("/clients/?q=hallo").content.decode()
    assert "Halloran" in therapist_client.get("/clients/?q=hallo&archived=on").content.decode()


def test_search_follows_clients_added_renamed_and_deleted(practice):
    from clients.models import Client

    kept = ClientFactory(practice=practice, first_name="Ada", last_name="Quarrington")
    gone = ClientFactory(practice=practice, first_name="Bea", last_name="Quarrell")
    Client.objects.bulk_create(
        [Client(practice=practice, first_name="Cai", last_name="Quarry", email="c_q@x.org")]
    )
    assert set(Client.objects.search("QUARR").values_list("first_name", flat=True)) == {
        "Ada",
        "Bea",
        "Cai",
    }
    kept.last_name = "Okafor"
    kept.save()
    gone.delete()
    assert list(Client.objects.search("quarr").values_list("first_name", flat=True)) == ["Cai"]
    assert list(Client.objects.search("okaf ada").values_list("first_name", flat=True)) == ["Ada"]
    # LIKE's wildcards are searched for as themselves.
    assert list(Client.objects.search("c_q").values_list("first_name", flat=True)) == ["Cai"]
    assert not Client.objects.search("c%q").exists()
    assert list(Client.objects.search("ai").values_list("first_name", flat=True)) == ["Cai"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 search index")
def test_migrate_puts_back_search_triggers_a_table_rebuild_dropped(practice):
    """SQLite rebuilds a table to alter a column, which drops its triggers."""
    from django.core.management import call_command

    from clients.models import Client

    ClientFactory(practice=practice, last_name="Before")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER clients_client_search_insert")
    ClientFactory(practice=practice, last_name="Wellbeloved")
    assert not Client.objects.search("wellbel").exists()  # what a lost trigger looks like
    call_command("migrate", verbosity=0)
    assert Client.objects.search("wellbel").exists()
    ClientFactory(practice=practice, last_name="Afterwards")
    assert Client.objects.search("afterw").exists()
    assert Client.objects.search("before").exists()


def test_client_list_is_paginated_by_25(therapist_client, practice):
    ClientFactory.create_batch(30, practice=practice)
    first = therapist_client.get("/clients/")
    assert len(first.context["page"].object_list) == 25
    assert len(therapist_client.get("/clients/?page=2").context["page"].object_list) == 5
    assert therapist_client.get("/clients/?page=nonsense").status_code == 200


def test_client_list_and_page_queries_do_not_grow_with_data(therapist_client, practice):
    few = ClientFactory(practice=practice)
    IntakeFactory(client=few)
    urls = ["/clients/", "/clients/?q=a", f"/clients/{few.pk}/"]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert therapist_client.get(url).status_code == 200
        counts[url] = len(ctx)
    for other in ClientFactory.create_batch(40, practice=practice):
        IntakeFactory(client=other)
    IntakeFactory.create_batch(5, client=few, red_flags=["RF09"], contraindications=["CI15:GLUT"])
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            therapist_client.get(url)
        assert len(ctx) == counts[url], url
        assert len(ctx) <= 15, url  # the client page: two for the daily log's adherence


def test_therapist_adds_a_client_and_lands_on_their_page(therapist_client, practice, therapist):
    response = therapist_client.post(
        "/clients/new/",
        {
            "first_name": " Ana ",
            "last_name": "Silva",
            "date_of_birth": "1980-04-02",
            "sex": "female",
        },
    )
    client = Client.objects.get(last_name="Silva")
    assert response["Location"] == f"/clients/{client.pk}/"
    assert (
        client.practice == practice
        and client.first_name == "Ana"
        and client.created_by == therapist
    )
    assert AuditEvent.objects.filter(client=client, action="created", user=therapist).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "can&#x27;t be in the future"),
        ("date_of_birth", "31/31/1980", "Enter a valid date"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("first_name", "", "This field is required"),
    ],
)
def test_bad_client_input_is_reported_beside_the_field_and_the_rest_is_kept(
    therapist_client, field, value, message
):
    data = {
        "first_name": "Ana",
        "last_name": "Silva",
        "phone": "0123 456",
        "notes": "Runs marathons",
    }
    data[field] = value
    response = therapist_client.post("/clients/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Runs marathons" in html and 'value="0123 456"' in html
    assert not Client.objects.exists()


def test_edit_saves_changes_and_audits(therapist_client, client_record):
    therapist_client.post(
        f"/clients/{client_record.pk}/edit/", {"first_name": "Maria", "last_name": "Lopez-Diaz"}
    )
    client_record.refresh_from_db()
    assert client_record.last_name == "Lopez-Diaz"
    assert AuditEvent.objects.filter(client=client_record, action="changed").exists()


def test_archive_asks_for_confirmation_then_archives_and_restores(therapist_client, client_record):
    confirm = therapist_client.get(f"/clients/{client_record.pk}/archive/").content.decode()
    assert "Archive Maria Lopez?" in confirm
    client_record.refresh_from_db()
    assert not client_record.archived
    therapist_client.post(f"/clients/{client_record.pk}/archive/")
    client_record.refresh_from_db()
    assert client_record.archived
    therapist_client.post(f"/clients/{client_record.pk}/archive/", {"restore": "1"})
    client_record.refresh_from_db()
    assert not client_record.archived


def test_client_names_never_appear_in_urls_or_page_titles(therapist_client, client_record):
    for url in [
        f"/clients/{client_record.pk}/",
        f"/clients/{client_record.pk}/edit/",
        f"/clients/{client_record.pk}/archive/",
    ]:
        html = therapist_client.get(url).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "Maria" not in title and "Lopez" not in title
        assert "lopez" not in url.lower()


def test_client_page_without_signed_intake_says_not_screened(therapist_client, client_record):
    html = therapist_client.get(f"/clients/{client_record.pk}/").content.decode()
    assert "hasn't been screened" in html


def test_client_page_shows_an_emergency_plainly(therapist_client, client_record):
    IntakeFactory(client=client_record, red_flags=["RF01"])
    html = therapist_client.get(f"/clients/{client_record.pk}/").content.decode()
    assert "Emergency" in html
    assert "Send the client to emergency care now" in html
    assert "Do not treat" in html


def test_client_page_shows_blocked_regions_patterns_and_blocked_entries(
    therapist_client, client_record
):
    IntakeFactory(
        client=client_record,
        symptoms=["PS01", "PS02", "PS04"],
        contraindications=["CI08"],
        pain_regions=["low_back"],
    )
    response = therapist_client.get(f"/clients/{client_record.pk}/")
    html = response.content.decode()
    assert "Treat with precautions" in html
    assert "abdominal wall and direct psoas contact (ABD)" in html
    assert "Psoas-related pain" in html
    blocked = {entry.slug for entry in response.context["summary"].blocked_entries}
    assert "abdominal-psoas-release" in blocked and "psoas-ball-release" in blocked
    assert "passive-piriformis-stretch" not in blocked


def test_the_latest_signed_intake_is_the_one_screened(therapist_client, client_record):
    from datetime import timedelta

    from django.utils import timezone

    IntakeFactory(
        client=client_record, red_flags=["RF01"], signed_at=timezone.now() - timedelta(days=3)
    )
    IntakeFactory(client=client_record, red_flags=[])
    IntakeFactory(client=client_record, status="draft", signed_at=None, red_flags=["RF07"])
    html = therapist_client.get(f"/clients/{client_record.pk}/").content.decode()
    assert "No red flags" in html
    assert "Drafts to review" in html


def test_viewing_a_client_page_is_audited(therapist_client, client_record, therapist):
    therapist_client.get(f"/clients/{client_record.pk}/")
    event = AuditEvent.objects.get(client=client_record, action="viewed")
    assert event.user == therapist and event.practice == client_record.practice


def test_audit_events_are_append_only(therapist_client, client_record):
    therapist_client.get(f"/clients/{client_record.pk}/")
    event = AuditEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.parametrize(
    ("suffix", "method"),
    [
        ("", "get"),
        ("", "post"),
        ("edit/", "get"),
        ("edit/", "post"),
        ("archive/", "get"),
        ("archive/", "post"),
    ],
)
def test_another_practice_gets_404_for_client_pages(outsider_client, client_record, suffix, method):
    response = getattr(outsider_client, method)(
        f"/clients/{client_record.pk}/{suffix}", {"first_name": "X", "last_name": "Y"}
    )
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.last_name == "Lopez" and not client_record.archived


def test_site_admin_without_a_practice_gets_404_for_clients(admin_client, client_record):
    assert admin_client.get("/clients/").status_code == 404
    assert admin_client.get(f"/clients/{client_record.pk}/").status_code == 404


def test_dashboard_lists_client_self_intakes_to_review(
    therapist_client, client_record, other_practice
):
    IntakeFactory(client=client_record, status="draft", signed_at=None, source="client")
    IntakeFactory(
        client=ClientFactory(practice=other_practice, last_name="Elsewhere"),
        status="draft",
        signed_at=None,
        source="client",
    )
    html = therapist_client.get("/").content.decode()
    assert "Self-intakes to review (1)" in html
    assert "Maria Lopez" in html and "Elsewhere" not in html


def test_a_long_client_list_shows_a_few_page_numbers_not_all_of_them(therapist_client, practice):
    ClientFactory.create_batch(25 * 12, practice=practice)
    html = therapist_client.get("/clients/?page=6").content.decode()
    assert "…" in html
    assert "page=12" in html and "page=5" in html and "page=7" in html
    assert 'page=2"' not in html and 'page=10"' not in html
