from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from techniques.diagrams import region_diagram_svg

register = template.Library()


@register.simple_tag
def entry_thumbnail(entry) -> SafeString:
    """A small picture of the entry for lists, where the name beside it says what it is:
    the uploaded image, else the drawn illustration, else the region diagram."""
    if entry.image:
        return format_html('<img src="{}" alt="" class="entry-thumb">', entry.image.url)
    if entry.drawing_svg:
        return mark_safe(entry.drawing_svg)  # nosec B308 B703  # our SVG, its text escaped
    return mark_safe(region_diagram_svg(entry.regions))  # nosec B308 B703  # our own SVG


@register.simple_tag
def entry_illustration(entry) -> SafeString:
    """The entry's picture with its text alternative: the uploaded image, else the drawn
    illustration; "" for an entry with neither (its region diagram stands alone)."""
    if entry.image:
        return format_html(
            '<img src="{}" alt="{}" class="img-fluid illustration-photo">',
            entry.image.url,
            entry.illustration_alt,
        )
    return mark_safe(entry.drawing_svg)  # nosec B308 B703  # our SVG, its text escaped
