"""Every page needs a login unless its URL name is on the explicit public allow-list."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from clinic.urls import PUBLIC_URL_NAMES

SAMPLE_ARGS = {
    "int": "1",
    "slug": "a-slug",
    "str": "token",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield (
                prefix + str(entry.pattern),
                f"{namespace}{entry.name}" if entry.name else None,
                entry.callback,
            )


def sample_path(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    path = re.sub(r"[\^$]", "", path).replace("\\", "")
    return "/" + path


def site_patterns():
    return [
        (route, name, view)
        for route, name, view in walk(get_resolver())
        if not route.startswith("admin/")
    ]


def is_public(view) -> bool:
    return getattr(view, "login_required", True) is False


def test_every_public_view_is_on_the_allow_list():
    public = {name for _, name, view in site_patterns() if is_public(view)}
    assert public == set(PUBLIC_URL_NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "name"),
    [(route, name) for route, name, view in site_patterns() if not is_public(view)],
)
def test_private_page_sends_anonymous_visitor_to_login(client, route, name):
    for method in ("get", "post"):
        response = getattr(client, method)(sample_path(route))
        assert response.status_code == 302, (
            f"{method.upper()} {route} ({name}) answered {response.status_code}"
        )
        assert response["Location"].startswith("/accounts/login/")


def test_admin_is_for_staff_only_through_its_own_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
