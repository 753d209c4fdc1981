"""The site's icon: linked from every kind of page, and /favicon.ico answers too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)"')


def test_favicon_ico_leads_to_the_icon_for_an_anonymous_visitor(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon-32.png"
    assert finders.find("img/favicon-32.png")


def test_favicon_ico_is_not_a_page_that_asks_to_sign_in(owner_client):
    assert owner_client.get("/favicon.ico")["Location"] == "/static/img/favicon-32.png"


def test_the_sign_in_page_links_the_svg_icon_and_its_png_fallback(client):
    html = client.get(reverse("login")).content.decode()
    assert ICON_LINK.findall(html) == ["/static/img/favicon-32.png", "/static/img/favicon.svg"]


def test_the_signed_in_pages_link_the_icon(owner_client):
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "/static/img/favicon.svg" in ICON_LINK.findall(html)


def test_every_linked_icon_is_a_static_file():
    for name in ("img/favicon.svg", "img/favicon-32.png"):
        assert finders.find(name), name
    svg = Path(finders.find("img/favicon.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg
