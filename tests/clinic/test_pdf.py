"""clinic.pdf: templates to PDF through WeasyPrint, with static and media files from disk only."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser

from clinic import pdf
from clinic.pdf import LocalFilesOnly, pdf_response, render_pdf

BASE = "http://testserver/"
TEMPLATE = """{% load static %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tiny</title>
<link rel="stylesheet" href="{% static 'css/tiny.css' %}"></head>
<body><h1>Hello {{ name }}</h1><p class="hidden">Shown only without the stylesheet</p>
{% if for_pdf %}<p>Rendered for PDF</p>{% endif %}{{ extra|safe }}</body></html>"""

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdfinfo) is not installed"
)


@pytest.fixture
def tiny(settings, tmp_path):
    """A template and its stylesheet, found the way the real ones are."""
    templates, static = tmp_path / "templates", tmp_path / "static"
    (static / "css").mkdir(parents=True)
    templates.mkdir()
    (templates / "tiny.html").write_text(TEMPLATE)
    (static / "css" / "tiny.css").write_text("@page { size: 100mm 60mm } .hidden { display: none }")
    settings.TEMPLATES = [
        {**django_settings.TEMPLATES[0], "DIRS": [templates, *django_settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.STATICFILES_DIRS = [static, *django_settings.STATICFILES_DIRS]
    return "tiny.html"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_page_size(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Page size"))


# --- render_pdf ----------------------------------------------------------------------------


def test_render_pdf_gives_a_pdf_of_the_template(tiny):
    pdf = render_pdf(tiny, {"name": "world"})
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


@needs_poppler
def test_the_template_is_rendered_with_for_pdf_and_the_context(tiny, tmp_path):
    text = pdf_text(render_pdf(tiny, {"name": "Ada"}), tmp_path)
    assert "Hello Ada" in text
    assert "Rendered for PDF" in text


@needs_poppler
def test_the_static_stylesheet_is_applied(tiny, tmp_path):
    pdf = render_pdf(tiny, {"name": "Ada"})
    assert "Shown only without the stylesheet" not in pdf_text(pdf, tmp_path)
    # 100 mm x 60 mm in points.
    assert "283.465 x 170.079 pts" in pdf_page_size(pdf, tmp_path)


@needs_poppler
def test_remote_resources_are_left_out_and_the_pdf_still_renders(tiny, tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to use the network")

    monkeypatch.setattr("socket.create_connection", no_network)
    extra = (
        '<img src="http://169.254.169.254/latest/meta-data/" alt="">'
        '<link rel="stylesheet" href="https://cdn.example.com/evil.css">'
        '<img src="file:///etc/passwd" alt="">'
    )
    pdf = render_pdf(tiny, {"name": "Ada", "extra": extra})
    assert "Hello Ada" in pdf_text(pdf, tmp_path)


def pdf_urls(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "links.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True
    ).stdout


@needs_poppler
def test_links_resolve_against_the_request_site(tiny, rf, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["clinic.example.org"]
    request = rf.get("/anything/", HTTP_HOST="clinic.example.org")
    request.user = AnonymousUser()
    pdf = render_pdf(
        tiny, {"name": "Ada", "extra": '<a href="/clients/7/">record</a>'}, request=request
    )
    assert "http://clinic.example.org/clients/7/" in pdf_urls(pdf, tmp_path)


@needs_poppler
def test_links_resolve_against_site_url_without_a_request(tiny, settings, tmp_path):
    settings.SITE_URL = "https://clinic.example.net"
    pdf = render_pdf(tiny, {"name": "Ada", "extra": '<a href="/clients/7/">record</a>'})
    assert "https://clinic.example.net/clients/7/" in pdf_urls(pdf, tmp_path)


# --- The URL fetcher -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/static/css/print.css",
        "https://testserver/static/css/print.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8000/static/css/print.css",
        "ftp://testserver/static/css/print.css",
        "file:///etc/passwd",
        "file:///static/css/print.css",
    ],
)
def test_fetcher_refuses_other_origins_and_schemes(url):
    with pytest.raises(ValueError, match="refused"):
        LocalFilesOnly(BASE).fetch(url)


@pytest.mark.parametrize(
    "path",
    [
        "etc/passwd",
        "clinic/settings.py",
        "static/../clinic/settings.py",
        "static/%2e%2e/clinic/settings.py",
        "static//etc/passwd",
        "static/css/..%5C..%5Csettings.py",
        "static/css/does-not-exist.css",
        "media/../db.sqlite3",
        "media//etc/passwd",
        "media/",
    ],
)
def test_fetcher_refuses_files_outside_static_and_media(path):
    with pytest.raises(ValueError, match="refused"):
        LocalFilesOnly(BASE).fetch(BASE + path)


def test_fetcher_serves_static_files_from_disk():
    response = LocalFilesOnly(BASE).fetch(BASE + "static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    response.close()


def test_fetcher_serves_media_files_from_media_root(settings):
    (settings.MEDIA_ROOT / "practice-logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "practice-logos" / "logo.svg").write_text("<svg/>")
    response = LocalFilesOnly(BASE).fetch(BASE + "media/practice-logos/logo.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read() == b"<svg/>"
    response.close()


def test_fetcher_serves_collected_static_files_with_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "collected"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "print.0123abcd.css").write_text("h1 { color: red }")
    response = LocalFilesOnly(BASE).fetch(BASE + "static/css/print.0123abcd.css")
    assert response.read() == b"h1 { color: red }"
    response.close()


def test_fetcher_reads_data_urls_in_place():
    response = LocalFilesOnly(BASE).fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"
    response.close()


# --- pdf_response --------------------------------------------------------------------------


def test_pdf_response_is_inline_and_never_cached():
    response = pdf_response(b"%PDF-1.7 tiny", "referral-3-2026-03-01.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="referral-3-2026-03-01.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Length"] == "13"
    assert response.content == b"%PDF-1.7 tiny"


def test_pdf_response_can_be_an_attachment():
    response = pdf_response(b"%PDF", "sheet.pdf", inline=False)
    assert response["Content-Disposition"] == 'attachment; filename="sheet.pdf"'


def test_a_redrawn_illustration_makes_cached_pdfs_stale(settings, tmp_path):
    """The drawing code is part of the layout: a changed pose is a new PDF, not the
    cached one."""
    drawing = tmp_path / "poses.py"
    drawing.write_text("KNEE = 90\n")
    settings.PDF_LAYOUT_FILES = [drawing]
    pdf.layout_version.cache_clear()
    before = pdf.layout_version()
    drawing.write_text("KNEE = 100\n")
    pdf.layout_version.cache_clear()
    try:
        assert pdf.layout_version() != before
    finally:
        pdf.layout_version.cache_clear()
