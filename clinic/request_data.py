"""Reading what a request sends: form data that binds even when empty, and a `next`
address that is only followed when it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one, which must still show its errors)."""
    return request.POST if request.method == "POST" else None


def safe_next(request: HttpRequest, wanted: str, fallback: str) -> str:
    """`wanted` when it leads to a page of this site (over HTTPS when we are on HTTPS),
    `fallback` otherwise: a link from elsewhere can't send anyone off the site."""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if allowed else fallback
