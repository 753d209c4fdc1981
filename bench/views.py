"""The floor: a small template page behind the same middleware as every signed-in page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/bare.html")
