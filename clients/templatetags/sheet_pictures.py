"""The picture of a sheet item: the uploaded image, else the drawn illustration (techniques/
illustrations.py), else the region diagram. A snapshot keeps the item's slug, so an issued
sheet shows the drawing of its entry as the library draws it today."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from techniques import illustrations

register = template.Library()


@register.filter
def has_drawing(item: dict) -> bool:
    return illustrations.has_drawing(item.get("slug", ""))


@register.simple_tag
def sheet_picture(item: dict) -> SafeString:
    """The uploaded picture or the drawing of a sheet item, with its text alternative."""
    slug, name = item.get("slug", ""), item.get("name", "")
    alt = item.get("image_alt") or illustrations.drawn_alt(slug) or name
    if item.get("image_url"):
        return format_html('<img src="{}" alt="{}">', item["image_url"], alt)
    # The text alternative is the admin's own words when they wrote some, else the drawing's.
    svg = illustrations.drawn_svg(slug, name, item.get("image_alt", ""))
    return mark_safe(svg)  # nosec B308 B703  # our SVG, its text escaped by render()
