"""One helper every client-scoped view calls to leave an audit row."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from clients.models import AuditEvent, Client

Action = AuditEvent.Action


def record(
    request: HttpRequest, action: str, obj: models.Model, *, client: Client | None = None
) -> AuditEvent:
    client = client or (obj if isinstance(obj, Client) else getattr(obj, "client", None))
    user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        practice_id=client.practice_id,
        user=user,
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
