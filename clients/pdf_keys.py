"""Where the PDFs of issued sheets are cached, and the list of them that erasure reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from clients.models import Sheet
from clinic.pdf import PDF_CACHE_SECONDS, pdf_cache_key


def live_state(doc: dict) -> str:
    """What a client's link may change in an issued sheet: paused items and the notice."""
    paused = sorted(item["slug"] for item in doc.get("items", []) if item.get("paused"))
    notice = (doc.get("notice") or {}).get("heading", "")
    return f"{','.join(paused)}|{notice}" if paused or doc.get("notice") else ""


def issued_pdf_key(
    sheet: Sheet, online_url: str | None, paper: str, base_url: str, live: str = ""
) -> str:
    """Where the PDF of an issued sheet is cached. Its content is frozen at issue, so
    the sheet (id and moment of issue: an id reused after a restore from backup makes a
    new key), the address its QR code carries, the paper and the site's address (links in
    the PDF) say everything."""
    return pdf_cache_key(
        "issued sheet",
        str(sheet.pk),
        sheet.issued_at.isoformat() if sheet.issued_at else "",
        online_url or "",
        paper,
        base_url,
        live,
    )


def _key_list(sheet_pk: int) -> str:
    return f"pdf-keys:sheet:{sheet_pk}"


def remember_pdf_key(sheet_pk: int, key: str) -> None:
    """Note a cached PDF of the sheet, so erasure finds every one (an older layout's or
    another host's too); the list lives as long as the newest PDF it names."""
    keys = cache.get(_key_list(sheet_pk)) or []
    if key not in keys:
        cache.set(_key_list(sheet_pk), [*keys, key], PDF_CACHE_SECONDS)


def remembered_pdf_keys(sheet_pks: Iterable[int]) -> list[str]:
    """Every cached PDF noted for these sheets, and the lists themselves."""
    lists = cache.get_many([_key_list(pk) for pk in sheet_pks])
    return [key for keys in lists.values() for key in keys] + list(lists)
