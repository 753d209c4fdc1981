"""PDFs stay fast: issuing a sheet renders its PDF in the same request, and so does making
its private link (the QR code on the client's PDF carries the link), so the first
download, the therapist's or the client's, comes from the cache without rendering."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from clients.models import SheetLink
from clients.views import sheets as sheet_views
from tests.clients.sheet_helpers import (
    builder_data,
    draft_for,
    pdf_text,
    screened_client,
    sheet_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Counts PDF renders of the sheet views (the real renderer still runs)."""
    calls = []
    real = sheet_views.render_pdf

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(sheet_views, "render_pdf", counting)
    return calls


@pytest.fixture
def draft(practice, therapist):
    return draft_for(screened_client(practice, first_name="Ana"), therapist)


def test_issuing_renders_the_pdf_so_the_first_download_doesnt(
    therapist_client, draft, renders, tmp_path
):
    response = therapist_client.post(sheet_url(draft, "issue/"), builder_data(draft))
    assert response.status_code == 302
    assert len(renders) == 1  # in the issuing request
    draft.refresh_from_db()
    assert draft.is_issued
    pdf = therapist_client.get(sheet_url(draft, "sheet.pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert len(renders) == 1  # served from the cache
    assert "For Ana" in pdf_text(pdf.content, tmp_path)


def test_making_a_link_renders_the_clients_pdf_so_their_first_download_doesnt(
    client, therapist_client, draft, renders, tmp_path
):
    therapist_client.post(sheet_url(draft, "issue/"), builder_data(draft))
    therapist_client.post(sheet_url(draft, "links/new/"), {"days": "30", "email": ""})
    link = SheetLink.objects.get()
    assert len(renders) == 2  # one at issue, one for the link's QR code
    pdf = client.get(f"/s/{link.token}/sheet.pdf")
    assert pdf.status_code == 200
    assert len(renders) == 2
    # And the therapist's download now carries the same link: also cached.
    assert therapist_client.get(sheet_url(draft, "sheet.pdf")).content == pdf.content
    assert len(renders) == 2
    assert "Your self-care sheet" in pdf_text(pdf.content, tmp_path)


def test_without_the_cache_a_download_renders(client, therapist_client, draft, renders):
    """The counter counts: an emptied cache means a render on download."""
    therapist_client.post(sheet_url(draft, "issue/"), builder_data(draft))
    cache.clear()
    therapist_client.get(sheet_url(draft, "sheet.pdf"))
    assert len(renders) == 2


def test_a_refused_issue_renders_nothing(therapist_client, practice, therapist, renders):
    empty = draft_for(screened_client(practice, first_name="Bea"), therapist)
    empty.items.all().delete()
    response = therapist_client.post(sheet_url(empty, "issue/"), builder_data(empty))
    assert response.status_code == 302
    empty.refresh_from_db()
    assert not empty.is_issued and renders == []
