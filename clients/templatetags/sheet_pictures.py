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
def sheet_picture(item: dict, for_pdf: bool = False) -> SafeString:
    """The uploaded picture or the drawing of a sheet item, with its text alternative: the
    admin's own words when they wrote some, else the drawing's. In a PDF the drawing goes
    in as an image (see illustrations.drawn_data_uri); on a page it is inline, so it
    scales with the text and prints sharp."""
    slug, name = item.get("slug", ""), item.get("name", "")
    alt = item.get("image_alt") or illustrations.drawn_alt(slug) or name
    if item.get("image_url"):
        return format_html('<img src="{}" alt="{}">', item["image_url"], alt)
    if for_pdf:
        uri = illustrations.drawn_data_uri(slug, name, item.get("image_alt", ""))
        return format_html('<img class="illustration" src="{}" alt="{}">', uri, alt) if uri else ""
    svg = illustrations.drawn_svg(slug, name, item.get("image_alt", ""))
    return mark_safe(svg)  # nosec B308 B703  # our SVG, its text escaped by render()
