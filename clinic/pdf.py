"""PDF rendering: the same HTML template as a print view, through WeasyPrint, offline.

WeasyPrint fetches stylesheets and images by URL. Ours never touches the network (a clinic
may be offline, and a URL in a record must not make the server call anything): only
`/static/...` and `/media/...` on the document's own origin are served, from disk, and
`data:` URLs are read in place. Everything else is refused and simply left out.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalFilesOnly(URLFetcher):
    """Serves static and media files of `base_url`'s origin from disk; refuses the rest."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols=["data"], allow_redirects=False)
        parts = urlsplit(base_url)
        self.origin = (parts.scheme, parts.netloc)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if (parts.scheme, parts.netloc) != self.origin:
            raise ValueError(f"refused (not a local static or media file): {url}")
        path = self.local_path(unquote(parts.path))
        if path is None:
            raise ValueError(f"refused (not a local static or media file): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type}
        return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)

    @staticmethod
    def local_path(url_path: str) -> Path | None:
        """The file on disk behind a /static/ or /media/ URL path, or None."""
        if "\\" in url_path or ".." in url_path.split("/"):
            return None
        static_url, media_url = _url_path(settings.STATIC_URL), _url_path(settings.MEDIA_URL)
        found = None
        try:
            if url_path.startswith(static_url):
                name = url_path.removeprefix(static_url)
                # Source files first; then collected ones (hashed names in production).
                found = finders.find(name)
                if not found and settings.STATIC_ROOT:
                    found = safe_join(settings.STATIC_ROOT, name)
            elif media_url != "/" and url_path.startswith(media_url):
                found = safe_join(settings.MEDIA_ROOT, url_path.removeprefix(media_url))
        except SuspiciousFileOperation:  # a path that leads out of its folder
            return None
        path = Path(found) if found else None
        return path if path and path.is_file() else None


def _url_path(prefix: str) -> str:
    """The path part of STATIC_URL or MEDIA_URL, with its slashes: '/static/'."""
    path = urlsplit(prefix).path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
) -> bytes:
    """Render a template with `for_pdf=True` in its context and return the PDF bytes.

    Relative URLs resolve against `base_url` (by default the request's site, else
    SITE_URL), so links in the PDF point at the real site while the stylesheets and
    images come from disk.
    """
    if base_url is None:
        base_url = request.build_absolute_uri("/") if request else settings.SITE_URL + "/"
    html = render_to_string(template_name, {**context, "for_pdf": True}, request=request)
    return html_to_pdf(html, base_url)


def html_to_pdf(html: str, base_url: str) -> bytes:
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly(base_url))
    return document.write_pdf()


PDF_CACHE_SECONDS = 24 * 60 * 60


def render_pdf_cached(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
) -> bytes:
    """`render_pdf`, but a document whose HTML was rendered before comes from the shared
    cache: the key is a hash of the HTML and its base URL, so any change makes a new PDF.
    For documents whose content is frozen (an issued sheet), `cached_pdf` with a key made
    of ids skips even the HTML.

    The HTML must be the same for the same content: no CSRF token, no per-render ids.
    """
    if base_url is None:
        base_url = request.build_absolute_uri("/") if request else settings.SITE_URL + "/"
    html = render_to_string(template_name, {**context, "for_pdf": True}, request=request)
    return cached_pdf(pdf_cache_key(base_url, html), lambda: html_to_pdf(html, base_url))


def cached_pdf(key: str, build: Callable[[], bytes]) -> bytes:
    """The PDF stored under `key` in the shared cache, or `build()`'s, stored there."""
    pdf = cache.get(key)
    if pdf is None:
        pdf = build()
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def pdf_cache_key(*parts: str) -> str:
    """A cache key for a PDF made of `parts` (ids, paper, address…) and the layout: any
    change to a template or stylesheet of this deployment makes new keys."""
    text = "\n".join([layout_version(), *parts])
    return "pdf:" + hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def layout_version() -> str:
    """A digest of every template and stylesheet the project ships, and of the code that
    draws into documents (settings.PDF_LAYOUT_FILES: a redrawn pose changes the PDF), read
    once a process."""
    digest = hashlib.sha256()
    for path in map(Path, getattr(settings, "PDF_LAYOUT_FILES", [])):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    folders = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    folders += [Path(d) for d in settings.STATICFILES_DIRS]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".css") and path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pdf_response(pdf_bytes: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF download that no browser or proxy keeps a copy of."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Content-Length"] = str(len(pdf_bytes))
    response["Cache-Control"] = "no-store"
    return response
