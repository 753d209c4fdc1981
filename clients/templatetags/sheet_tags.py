"""Template helpers of the self-care sheet and the client page's sheet panel."""

from __future__ import annotations

import re
from datetime import date

from django import template
from django.utils.safestring import SafeString, mark_safe

from clients import documents
from clients.services import sheets as sheet_service
from techniques.diagrams import region_diagram_svg

register = template.Library()
_DIAGRAM_ID = re.compile(r"bodydiagram-\d+")


@register.simple_tag
def sheet_diagram(item: dict, number: int) -> SafeString:
    """The region diagram of a sheet item with ids numbered by the item, not by a
    process-wide counter, so the same sheet always gives the same HTML (and the cached PDF
    is found again). Snapshots before entries had several regions kept one `region`."""
    regions = item.get("regions")
    if regions is None:
        regions = [item["region"]] if item.get("region") else []
    svg = region_diagram_svg(regions)
    return mark_safe(_DIAGRAM_ID.sub(f"sheetfig-{int(number)}", svg))  # nosec B308 B703  # our SVG


@register.filter
def iso_date(value: str) -> date | None:
    """A date kept as text in a snapshot, back as a date for the `date` filter."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("clients/includes/sheet_panel.html", takes_context=True)
def client_sheets(context, client, found) -> dict:
    """The client page's panel: recent sheets, and issued ones that screening now pauses
    items of (`found` is the client's current screening)."""
    # One query: the latest sheets, whose snapshots also tell what screening now pauses.
    latest = list(client.sheets.order_by("-created")[:20])
    blocked = sheet_service.paused_sheets([s for s in latest if s.is_issued], found)
    return {
        "client": client,
        "sheets": latest[:6],
        "blocked": blocked,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.filter
def dose_words(item) -> str:
    """A sheet item's dose as the client will read it."""
    return documents.dose_text(item.entry.modality, item)


@register.filter
def permits(verdict, item) -> bool:
    """Whether screening lets `item` stay on the sheet (allowed, or overridden by rule 9)."""
    return verdict.permits(item.override_reason)
