"""One helper every client-scoped view calls to leave an audit row."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from clients.models import AuditEvent, Client
from clinic.access import practice_for

Action = AuditEvent.Action


def record(
    request: HttpRequest, action: str, obj: models.Model, *, client: Client | None = None
) -> AuditEvent:
    client = client or (obj if isinstance(obj, Client) else getattr(obj, "client", None))
    user = request.user if request.user.is_authenticated else None
    request._audited_clients = {*getattr(request, "_audited_clients", ()), client.pk}
    return AuditEvent.objects.create(
        practice_id=client.practice_id,
        user=user,
        client=client,
        client_ref=client_ref(client.pk),
        action=action,
        target=target_of(obj),
    )


def record_unattended(action: str, obj: models.Model) -> AuditEvent:
    """An audit row for what a scheduled command did on no one's behalf (no user)."""
    client = obj.client
    return AuditEvent.objects.create(
        practice_id=client.practice_id,
        user=None,
        client=client,
        client_ref=client_ref(client.pk),
        action=action,
        target=target_of(obj),
    )


def client_ref(number: int) -> str:
    """The pseudonym audit rows keep for a client, also after erasure: "client 42"."""
    return f"client {number}"


def target_of(obj: models.Model) -> str:
    """How an audit row names what was touched: "intake 12"."""
    return f"{obj._meta.verbose_name} {obj.pk}"


def record_page_view(request: HttpRequest, *, client_pk: int) -> None:
    """A view row for a client-scoped page that showed the record without writing its own
    (the rule is kept by clients.access, not by each view remembering it)."""
    if client_pk in getattr(request, "_audited_clients", ()):
        return
    practice = practice_for(request)
    match = request.resolver_match
    AuditEvent.objects.create(
        practice=practice,
        user=request.user if request.user.is_authenticated else None,
        client_id=client_pk,
        client_ref=client_ref(client_pk),
        action=Action.VIEWED,
        target=f"page {match.url_name if match else request.path}",
    )
    request._audited_clients = {*getattr(request, "_audited_clients", ()), client_pk}
