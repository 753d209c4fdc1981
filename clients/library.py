"""The published library as the screening rules see it."""

from __future__ import annotations

from clients.screening import LibraryEntry
from techniques.aggregates import CodeList
from techniques.models import Entry


def published_library() -> list[LibraryEntry]:
    """The published library for screening, in one query."""
    return published_library_with_names()[0]


def published_library_with_names() -> tuple[list[LibraryEntry], dict[str, str]]:
    """The library for screening, and each entry's name by slug for the pages: one query,
    whatever the size of the library."""
    entries = (
        Entry.objects.published()
        .annotate(extra_codes=CodeList("extra_contraindications__code"))
        .values_list("slug", "name", "region", "modality", "extra_codes")
    )
    library, names = [], {}
    for slug, name, region, modality, extra_codes in entries:
        library.append(
            LibraryEntry(
                slug=slug,
                region=region or None,
                modality=modality,
                extra_contraindications=frozenset((extra_codes or "").split()),
            )
        )
        names[slug] = name
    return library, names
