"""Placeholder: being written."""

from django.http import Http404


def clearance_create(request, *args, **kwargs):
    raise Http404("not built yet")
