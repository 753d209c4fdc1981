"""A client's record on request: export it as a zip, or erase it. Practice owner only.

Export is a POST from a confirmation page, not a GET link: the zip is the whole health
record, so it comes only from a deliberate, CSRF-checked click (never from a prefetch, a
crawler or an image tag on another site), and each one leaves an audit row.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from clients import audit, erasure, export
from clients.access import get_client_for, require_http_methods_in_practice
from clients.forms.audit import EraseForm
from clients.models import Client, Intake, IntakeLink, Note, Session, Sheet, SheetLink
from clinic.access import owner_required
from clinic.request_data import posted


@owner_required
@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def client_export(request: HttpRequest, pk: int) -> HttpResponse:
    """GET explains what the zip holds; POST builds it and downloads it."""
    client = get_client_for(request, pk)
    if request.method == "POST":
        archive = export.client_archive(request, client)
        audit.record(request, audit.Action.EXPORTED, client)
        response = HttpResponse(archive.content, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, archive.filename)
        response["Content-Length"] = str(len(archive.content))
        return response
    return render(request, "clients/client_export.html", {"client": client})


@owner_required
@require_http_methods_in_practice(["GET", "POST"])
@never_cache
def client_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """GET explains what goes and what stays; POST with the typed name erases."""
    client = get_client_for(request, pk)
    form = EraseForm(posted(request), client=client)
    if form.is_valid():
        ref = erasure.erase_client(request, client)
        messages.success(
            request, f"The record of {ref} was erased. Its audit trail remains under “{ref}”."
        )
        return redirect("clients:list")
    context = {"client": client, "form": form, "counts": _record_counts(client)}
    return render(request, "clients/client_erase.html", context)


def _record_counts(client) -> dict[str, int]:
    """How much the erasure removes, in one query (a subquery per kind of row)."""

    def count(model, client_path: str):
        rows = model.objects.filter(**{client_path: OuterRef("pk")}).order_by()
        counted = rows.values(client_path).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    kinds = {
        "intakes": count(Intake, "client"),
        "sessions": count(Session, "client"),
        "notes": count(Note, "session__client"),
        "sheets": count(Sheet, "client"),
        "intake_links": count(IntakeLink, "client"),
        "sheet_links": count(SheetLink, "sheet__client"),
    }
    row = (
        Client.objects.filter(pk=client.pk)
        .annotate(**{f"n_{kind}": expression for kind, expression in kinds.items()})
        .values(*(f"n_{kind}" for kind in kinds))
        .get()
    )
    return {kind: row[f"n_{kind}"] for kind in kinds}
