"""A client's record on request: the owner exports it as a zip, or erases it after typing
the client's name; the audit trail outlives the erasure under a pseudonym."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models
from django.db.models.functions import Cast
from django.utils import timezone

from clients import erasure
from clients.models import (
    ActivityScore,
    AuditEvent,
    CheckIn,
    Clearance,
    Client,
    EntrySwitch,
    IntakeLink,
    NoteAmendment,
    PlanItem,
    SheetLinkEvent,
)
from clinic import pdf
from techniques.models import Entry
from tests.clients.sheet_helpers import draft_for, issued_for
from tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    NoteFactory,
    SessionFactory,
    SheetLinkFactory,
)

pytestmark = pytest.mark.django_db

NAME = ("Zebedee", "Quartermain")
EMAIL = "zeb.quartermain@example.org"
PHONE = "+44 7700 900987"
BORN = date(1961, 2, 3)


@pytest.fixture
def record(practice, owner, therapist):
    """A client with one of every kind of row below them."""
    client = ClientFactory(
        practice=practice,
        first_name=NAME[0],
        last_name=NAME[1],
        email=EMAIL,
        phone=PHONE,
        date_of_birth=BORN,
        address="7 Quartermain Yard",
        doctor_name="Dr Quartermain's GP",
    )
    intake = IntakeFactory(
        client=client,
        red_flags=["RF09"],
        symptoms=["PS01", "PS02", "PS04"],
        history=f"Told us {NAME[1]} runs marathons.",
    )
    IntakeFactory(client=client, status="draft", signed_at=None, consent_name="")
    Clearance.objects.create(
        intake=intake, code="RF09", cleared_by="Dr X", cleared_on=timezone.localdate()
    )
    IntakeLink.objects.create(
        client=client, expires=timezone.now() + timedelta(days=7), intake=intake
    )
    session = SessionFactory(client=client, therapist=therapist)
    CheckIn.objects.create(session=session, note=f"{NAME[0]} slept badly")
    entry = Entry.objects.filter(published=True).first()
    PlanItem.objects.create(session=session, entry=entry, minutes=10)
    note = NoteFactory(session=session, author=therapist, subjective=f"{NAME[0]} feels better")
    NoteAmendment.objects.create(note=note, author=therapist, text="Correction.")
    activity = ActivityFactory(client=client, name="Gardening")
    ActivityScore.objects.create(activity=activity, session=session, score=4)
    sheet = issued_for(client, therapist)
    draft_for(client, therapist)
    link = SheetLinkFactory(sheet=sheet, emailed_to=EMAIL)
    SheetLinkEvent.objects.create(link=link, kind="viewed")
    psoas_ball = Entry.objects.filter(needs_client_switch=True).first()
    if psoas_ball:
        EntrySwitch.objects.create(client=client, entry=psoas_ball, switched_on_by=therapist)
    AuditEvent.objects.create(
        practice=practice,
        user=therapist,
        client=client,
        client_ref=f"client {client.pk}",
        action="viewed",
        target=f"client {client.pk}",
    )
    return client


def export_url(client) -> str:
    return f"/clients/{client.pk}/export/"


def erase_url(client) -> str:
    return f"/clients/{client.pk}/erase/"


def download(owner_client, client) -> tuple[zipfile.ZipFile, dict]:
    response = owner_client.post(export_url(client))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("record.json"))


# --- Export ------------------------------------------------------------------------------------


def test_export_page_explains_and_offers_the_download(owner_client, record):
    response = owner_client.get(export_url(record))
    assert response.status_code == 200
    body = response.content.decode()
    assert "record.json" in body and "README.txt" in body
    assert 'method="post"' in body
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_export_downloads_a_zip_named_by_client_number_and_is_audited(owner_client, record):
    response = owner_client.post(export_url(record))
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate()
    expected = f"client-{record.pk}-record-{today:%Y-%m-%d}.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        client=record, action="exported", client_ref=f"client {record.pk}"
    ).exists()


def test_the_json_holds_every_kind_of_row(owner_client, record):
    archive, data = download(owner_client, record)
    assert data["client"]["first_name"] == NAME[0]
    assert data["client"]["date_of_birth"] == "1961-02-03"
    assert data["client"]["email"] == EMAIL
    signed, draft = sorted(data["intakes"], key=lambda i: i["status"], reverse=True)
    assert signed["status"] == "signed" and draft["status"] == "draft"
    assert signed["consent_name"] and signed["consent_version"] and signed["signed_at"]
    assert signed["screening_answers"]["red_flags"] == ["RF09"]
    assert signed["screening_result"]["triage"]
    assert draft["screening_result"] is None
    assert signed["clearances"][0]["cleared_by"] == "Dr X"
    assert data["intake_links"][0]["state"] == "used" or data["intake_links"][0]["expires"]
    (session,) = data["sessions"]
    assert session["check_in"]["note"] == f"{NAME[0]} slept badly"
    assert session["plan_items"][0]["entry"]
    assert session["note"]["subjective"] == f"{NAME[0]} feels better"
    assert session["note"]["amendments"][0]["text"] == "Correction."
    assert session["activity_scores"][0]["score"] == 4
    assert session["therapist"]  # staff by name
    assert data["activities"][0]["name"] == "Gardening"
    issued = next(s for s in data["sheets"] if s["status"] == "issued")
    assert issued["snapshot"]["first_name"] == NAME[0]
    assert issued["items"] and issued["pdf"] in archive.namelist()
    assert issued["links"][0]["emailed_to"] == EMAIL
    assert issued["links"][0]["events"][0]["kind"] == "viewed"
    assert any(s["status"] == "draft" and s["pdf"] is None for s in data["sheets"])
    if Entry.objects.filter(needs_client_switch=True).exists():
        assert data["entry_switches"][0]["entry"]
    assert data["audit_events"][0]["action"] == "viewed"


def test_the_json_never_holds_a_private_link_token(owner_client, record):
    archive, _ = download(owner_client, record)
    text = archive.read("record.json").decode()
    for link in IntakeLink.objects.filter(client=record):
        assert link.token not in text
    for sheet in record.sheets.all():
        for link in sheet.links.all():
            assert link.token not in text
    assert '"token"' not in text


def test_the_zip_holds_pdfs_that_open_and_a_readme(owner_client, record):
    archive, data = download(owner_client, record)
    names = archive.namelist()
    assert {"README.txt", "record.json", "referral-letter.pdf"} <= set(names)
    pdfs = [name for name in names if name.endswith(".pdf")]
    assert len(pdfs) == 2  # the issued sheet and the referral letter
    for name in pdfs:
        assert archive.read(name).startswith(b"%PDF"), name
    readme = archive.read("README.txt").decode()
    assert "record.json" in readme and "referral-letter.pdf" in readme


def test_no_referral_letter_without_red_flags(owner_client, practice):
    calm = ClientFactory(practice=practice)
    IntakeFactory(client=calm)
    archive, _ = download(owner_client, calm)
    assert "referral-letter.pdf" not in archive.namelist()


def test_export_queries_do_not_grow_with_the_record(
    owner_client, practice, therapist, django_assert_max_num_queries
):
    def measure(sessions: int) -> int:
        client = ClientFactory(practice=practice)
        IntakeFactory(client=client)
        for _ in range(sessions):
            session = SessionFactory(client=client, therapist=therapist)
            NoteFactory(session=session, author=therapist)
            CheckIn.objects.create(session=session)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert owner_client.post(export_url(client)).status_code == 200
        return len(queries)

    assert measure(1) == measure(6)


# --- Erasure -----------------------------------------------------------------------------------


def test_erase_page_says_what_goes_and_what_stays(
    owner_client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = owner_client.get(erase_url(record))
    body = response.content.decode()
    assert "What is removed" in body and "What stays" in body
    assert f"client {record.pk}" in body
    assert "2 intakes" in body and "1 session " in body and "2 self-care sheets" in body


@pytest.mark.parametrize("typed", ["", "Zebedee", "Zebedee Quartermain-Smith", "Quartermain"])
def test_wrong_name_keeps_the_form_with_a_message_beside_the_field(owner_client, record, typed):
    response = owner_client.post(erase_url(record), {"confirm_name": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert "invalid-feedback" in body
    assert f'value="{typed}"' in body or not typed
    assert Client.objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action="erased").exists()


def test_typed_name_ignores_case_and_surrounding_spaces(owner_client, record):
    response = owner_client.post(erase_url(record), {"confirm_name": "  zebedee QUARTERMAIN "})
    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    assert not Client.objects.filter(pk=record.pk).exists()
    follow = owner_client.get("/clients/")
    assert f"client {record.pk} was erased" in follow.content.decode()


def test_erasure_keeps_pseudonymous_audit_rows(owner_client, record):
    number = record.pk
    owner_client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    rows = AuditEvent.objects.filter(client_ref=f"client {number}")
    assert rows.filter(action="erased").count() == 1
    assert rows.count() >= 2
    assert not rows.filter(client__isnull=False).exists()
    # And they stay findable on the audit trail by the number.
    body = owner_client.get("/audit/", {"client": number}).content.decode()
    assert f"client {number} (record erased)" in body


def test_private_links_of_an_erased_client_answer_as_gone(client, owner, record):
    intake_link = IntakeLink.objects.filter(client=record).first()
    intake_link.used_at = None
    intake_link.save()
    sheet_link = record.sheets.filter(status="issued").first().links.first()
    addresses = [
        f"/intake/{intake_link.token}/",
        f"/s/{sheet_link.token}/",
        f"/s/{sheet_link.token}/sheet.pdf",
    ]
    client.force_login(owner)
    client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    client.logout()
    for address in addresses:
        assert client.get(address).status_code in {404, 410}, address


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
            yield field


def holding(value: str) -> list[str]:
    """Every row of every model whose text or JSON contains `value`."""
    found = []
    for model in apps.get_models():
        for field in _text_fields(model):
            rows = model._default_manager.annotate(_as_text=Cast(field.name, models.TextField()))
            if rows.filter(_as_text__icontains=value).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def holding_date(day: date) -> list[str]:
    return [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if type(field) is models.DateField
        and model._default_manager.filter(**{field.name: day}).exists()
    ]


def test_no_row_anywhere_keeps_the_name_or_contact_details(owner_client, record):
    # Everything the client page, the sheets and the PDFs touch runs first, so any model
    # that copies the client's details (today's or a future one) has had its chance to.
    owner_client.get(record.get_absolute_url())
    owner_client.post(export_url(record))
    assert holding(NAME[1]), "the check must find the name before the erasure"
    owner_client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    for value in [NAME[0], NAME[1], EMAIL, PHONE, BORN.isoformat()]:
        assert holding(value) == [], f"{value!r} is still stored"
    assert holding_date(BORN) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 search index")
def test_the_search_index_keeps_nothing_of_an_erased_client(owner_client, record, practice):
    """FTS5 only marks a deleted row's entries as deleted; their bytes stay in the index
    until its segments merge. Erasure merges them at once."""
    ClientFactory(practice=practice, first_name="Ann", last_name="Other")

    def index_bytes() -> bytes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT block FROM clients_client_search_data")
            return b"".join(row[0] or b"" for row in cursor.fetchall())

    assert b"zeb" in index_bytes()  # a trigram of "Zebedee"
    owner_client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    assert b"zeb" not in index_bytes()
    assert ClientFactory._meta.model.objects.search("other").exists()


MEDICATION = "Zopiclonexx 7.5 mg"
NOTES = "Prefers the Wednesday slot"


def raw_files(database) -> bytes:
    """The bytes of the database file and its write-ahead log, as a backup would copy them."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's files")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_byte_of_an_erased_client_stays_in_the_database_or_its_wal_file(
    shared_database, owner_client, record
):
    record.notes = NOTES
    record.save()
    record.intakes.update(medications=MEDICATION)
    details = [NAME[1], EMAIL, NOTES, MEDICATION]
    assert all(value.encode() in raw_files(shared_database) for value in details)
    owner_client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    left = [value for value in details if value.encode() in raw_files(shared_database)]
    assert left == []


def test_erasure_empties_the_cached_pdfs_of_the_sheets(
    client, owner, therapist, record, monkeypatch, django_capture_on_commit_callbacks
):
    """Download the sheet PDFs every way the site offers, note the cache keys written,
    then check the erasure removes each one."""
    written: list[str] = []
    real_set = cache.set

    def spy(key, *args, **kwargs):
        if key.startswith("pdf:"):
            written.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    sheet = record.sheets.filter(status="issued").first()
    link = sheet.links.first()
    client.force_login(therapist)
    for paper in ("a4", "letter"):
        url = f"/clients/{record.pk}/sheets/{sheet.pk}/sheet.pdf?paper={paper}"
        assert client.get(url).status_code == 200
    client.logout()
    for paper in ("a4", "letter"):
        assert client.get(f"/s/{link.token}/sheet.pdf?paper={paper}").status_code == 200
    # One more cached under another host name the site answers to, and one under an
    # earlier layout (before a deploy changed a template): erasure can't work those out.
    assert client.get(f"/s/{link.token}/sheet.pdf", HTTP_HOST="127.0.0.1").status_code == 200
    monkeypatch.setattr(pdf, "layout_version", lambda: "an earlier layout")
    assert client.get(f"/s/{link.token}/sheet.pdf").status_code == 200
    monkeypatch.undo()
    monkeypatch.setattr(cache, "set", spy)
    # The therapist's download and the client's carry the same QR code: the same PDF.
    assert len(set(written)) == 4 and all(cache.get(key) for key in written)

    client.force_login(owner)
    # The cache is emptied once the erasure is committed, so no request re-fills it between.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(erase_url(record), {"confirm_name": "Zebedee Quartermain"})
    assert response.status_code == 302
    assert [key for key in written if cache.get(key) is not None] == []


def test_cache_keys_cover_a_sheet_without_links(rf, owner, practice):
    client = ClientFactory(practice=practice)
    issued_for(client, owner)
    request = rf.get("/")
    request.user = owner
    keys = erasure.sheet_pdf_cache_keys(request, client)
    assert len(keys) == len(set(keys)) and len(keys) >= 2


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [export_url, erase_url])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_therapist_gets_404(therapist_client, record, url, method):
    response = getattr(therapist_client, method)(
        url(record), {"confirm_name": "Zebedee Quartermain"}
    )
    assert response.status_code == 404
    assert Client.objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action__in=["exported", "erased"]).exists()


@pytest.mark.parametrize("url", [export_url, erase_url])
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_another_practice_owner_gets_404(outsider_client, record, url, method):
    response = getattr(outsider_client, method)(
        url(record), {"confirm_name": "Zebedee Quartermain"}
    )
    assert response.status_code == 404
    assert Client.objects.filter(pk=record.pk).exists()


def test_a_site_admin_gets_404(admin_client, record):
    assert admin_client.get(export_url(record)).status_code == 404
    assert admin_client.get(erase_url(record)).status_code == 404
