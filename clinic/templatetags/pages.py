from django import template

register = template.Library()


@register.simple_tag
def page_numbers(page):
    """A few page numbers around the current one, with ellipses: 1 … 4 5 6 7 8 … 400."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
