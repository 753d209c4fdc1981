from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from techniques import vocabulary as vocab
from techniques.diagrams import region_diagram_svg
from techniques.forms import LibraryFilterForm
from techniques.models import Entry, contraindications_blocking

PAGE_SIZE = 12


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    entries = form.filter(Entry.objects.published().order_by("kind", "name"))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "techniques/entry_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(form.data)},
    )


@require_GET
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.published().prefetch_related("extra_contraindications"), slug=slug
    )
    codes = contraindications_blocking(entry)
    blocked_by = [
        {
            "code": code,
            "label": vocab.CONTRAINDICATIONS[code].label,
            "site": vocab.CONTRAINDICATIONS[code].takes_site,
        }
        for code in codes
    ]
    context = {
        "entry": entry,
        "diagram": mark_safe(region_diagram_svg(entry.regions)),  # nosec B308 B703  # our SVG
        "blocked_by": blocked_by,
        "regions": [vocab.REGIONS[code] for code in entry.regions if code in vocab.REGIONS],
        "modality": vocab.MODALITIES[entry.modality],
        "indications": [vocab.SYMPTOMS[c] for c in entry.indications if c in vocab.SYMPTOMS],
        "patterns": [vocab.PATTERNS[p] for p in entry.patterns if p in vocab.PATTERNS],
    }
    return render(request, "techniques/entry_detail.html", context)


@require_GET
def entry_diagram(request: HttpRequest, slug: str) -> HttpResponse:
    entry = get_object_or_404(Entry.objects.published(), slug=slug)
    svg = region_diagram_svg(entry.regions)
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}', content_type="image/svg+xml"
    )
