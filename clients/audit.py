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
        client_ref=f"client {client.pk}",
        action=action,
        target=f"{obj._meta.verbose_name} {obj.pk}",
    )
