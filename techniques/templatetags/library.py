from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from techniques.diagrams import region_diagram_svg

register = template.Library()


@register.simple_tag
def entry_thumbnail(entry):
    """The entry's image if it has one, else its generated region diagram."""
    if entry.image:
        return format_html('<img src="{}" alt="" class="entry-thumb">', entry.image.url)
    return mark_safe(region_diagram_svg(entry.regions))  # nosec B308 B703  # our own SVG
