"""One helper every client-scoped view calls to leave an audit row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from smtplib import SMTPException

from django.db import models, transaction
from django.http import HttpRequest

from clients.models import AuditEvent, Client
from clinic.access import practice_for

Action = AuditEvent.Action
log = logging.getLogger(__name__)


def record(
    request: HttpRequest, action: str, obj: models.Model, *, client: Client | None = None
) -> AuditEvent:
    client = client or (obj if isinstance(obj, Client) else getattr(obj, "client", None))
    return _write(request, client.practice_id, client.pk, action, target_of(obj))


def record_email(
    request: HttpRequest,
    obj: models.Model,
    *,
    send: Callable[[], None],
    client: Client | None = None,
) -> bool:
    """Send an email about `obj` (a private link) and leave its "emailed" row, together;
    False, with no row, when the mail server can't take it, so the page says so instead
    of failing."""
    try:
        with transaction.atomic():
            send()
            record(request, Action.EMAILED, obj, client=client)
    except (SMTPException, OSError):
        log.warning("An email about %s could not be sent", target_of(obj), exc_info=True)
        return False
    return True


def record_unattended(action: str, obj: models.Model) -> AuditEvent:
    """An audit row for what a scheduled command did on no one's behalf (no user)."""
    return _write(None, obj.client.practice_id, obj.client_id, action, target_of(obj))


def _write(
    request: HttpRequest | None, practice_id: int, client_id: int, action: str, target: str
) -> AuditEvent:
    """The one place audit rows about a client are written; notes the client on the
    request, so the access decorator knows the page already left its row."""
    user = request.user if request is not None and request.user.is_authenticated else None
    if request is not None:
        request._audited_clients = {*getattr(request, "_audited_clients", ()), client_id}
    return AuditEvent.objects.create(
        practice_id=practice_id,
        user=user,
        client_id=client_id,
        client_ref=client_ref(client_id),
        action=action,
        target=target,
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
    match = request.resolver_match
    target = f"page {match.url_name if match else request.path}"
    _write(request, practice_for(request).pk, client_pk, Action.VIEWED, target)
