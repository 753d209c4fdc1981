"""Template helpers of the self-care sheet and the client page's sheet panel."""

from __future__ import annotations

import re
from datetime import date

from django import template
from django.utils.safestring import SafeString, mark_safe

from clients import sheets
from techniques.diagrams import region_diagram_svg

register = template.Library()
_DIAGRAM_ID = re.compile(r"bodydiagram-\d+")


@register.simple_tag
def sheet_diagram(region: str, number: int) -> SafeString:
    """The region diagram with ids numbered by the item, not by a process-wide counter,
    so the same sheet always gives the same HTML (and the cached PDF is found again)."""
    svg = region_diagram_svg(region or None)
    return mark_safe(_DIAGRAM_ID.sub(f"sheetfig-{int(number)}", svg))  # nosec B308 B703  # our SVG


@register.filter
def iso_date(value: str) -> date | None:
    """A date kept as text in a snapshot, back as a date for the `date` filter."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("clients/includes/sheet_panel.html", takes_context=True)
def client_sheets(context, client, summary=None) -> dict:
    """The client page's panel: recent sheets, and issued ones that screening now blocks."""
    result = summary.result if summary is not None else None
    # One query: the latest sheets, whose snapshots also tell what screening now blocks.
    latest = list(client.sheets.order_by("-created")[:20])
    blocked = []
    for sheet in latest:
        items = sheets.blocked_now(sheet, result)
        if items:
            blocked.append(sheets.BlockedNow(sheet, items))
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
    return sheets.dose_text(item.entry.modality, item)


@register.filter
def permits(verdict, item) -> bool:
    """Whether screening lets `item` stay on the sheet (allowed, or overridden by rule 9)."""
    return verdict.permits(item.override_reason)
