"""Erasing a client: their record goes, the audit trail stays under a pseudonym.

Deleting the client removes every row below it by cascade (intakes and clearances,
intake links, sessions with check-ins, plans, notes and amendments, activities and
scores, sheets with items, links, link events and the client's daily log, per-client
switches). The audit rows
are the one exception: their `client` is set to NULL and their `client_ref` ("client 42")
keeps them findable. This is the one change the database lets anyone make to audit rows,
and only within this transaction (clients/audit_guard.py). PDFs of the client's sheets
also sit in the shared cache (see clients.pdf_keys.issued_pdf_key); they hold the client's
first name and their sheet, so they are removed too.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.urls import reverse

from clients import audit, audit_guard, search_index
from clients.documents import PAPERS
from clients.models import Client, SheetStatus
from clients.pdf_keys import issued_pdf_key, remembered_pdf_keys

logger = logging.getLogger(__name__)


def erase_client(request: HttpRequest, client: Client) -> str:
    """Record the erasure, delete the client and all below it, forget cached PDFs.
    Returns the pseudonym the audit trail keeps."""
    keys = sheet_pdf_cache_keys(request, client)
    with transaction.atomic():
        event = audit.record(request, audit.Action.ERASED, client)
        # The one change the database lets through to audit rows: `client` becomes NULL.
        with audit_guard.erasure_unlocked(connection):
            client.delete()
        # SQLite's search index marks a deleted client's entries as deleted; merging its
        # segments drops them (and secure_delete zeroes the freed pages).
        search_index.purge(connection)
        transaction.on_commit(lambda: cache.delete_many(keys))
        transaction.on_commit(fold_write_ahead_log)  # after the cache rows go too
    return event.client_ref


def fold_write_ahead_log() -> None:
    """SQLite in WAL mode keeps the pages a transaction replaced in `db.sqlite3-wal` until
    a checkpoint copies the new ones into the database; even then the file is reused, not
    emptied, so the erased client's details would stay there. A TRUNCATE checkpoint copies
    every page across and empties the file."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # no file, no WAL
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _, _ = cursor.fetchone()
    if busy:  # a reader held on past the busy timeout: the WAL keeps its pages for now
        logger.warning("After an erasure the SQLite WAL could not be emptied: a reader was busy")


def sheet_pdf_cache_keys(request: HttpRequest, client: Client) -> list[str]:
    """Every key under which a PDF of one of the client's issued sheets may be cached:
    each paper size, with no link or any of the sheet's links in its QR code, for this
    site's address and SITE_URL (see clients.pdf_keys.issued_pdf_key). A test downloads
    the PDFs through the sheet views and checks that erasure finds every key."""
    bases = {request.build_absolute_uri("/"), settings.SITE_URL.rstrip("/") + "/"}
    keys = []
    sheets = client.sheets.filter(status=SheetStatus.ISSUED).prefetch_related("links")
    for sheet in sheets:
        for base in bases:
            urls = [None] + [
                base.rstrip("/") + reverse("clients:shared_sheet", args=[link.token])
                for link in sheet.links.all()
            ]
            keys += [
                issued_pdf_key(sheet, online_url, paper, base)
                for online_url in urls
                for paper in PAPERS
            ]
    # Those are the keys this layout and these addresses give; the sheets' own lists also
    # name PDFs cached under an earlier layout or another of the site's addresses.
    return keys + remembered_pdf_keys(sheet.pk for sheet in sheets)
