"""Placeholder: being written."""

from django.http import Http404


def intake_create(request, *args, **kwargs):
    raise Http404("not built yet")


def intake_detail(request, *args, **kwargs):
    raise Http404("not built yet")


def intake_edit(request, *args, **kwargs):
    raise Http404("not built yet")


def intake_sign(request, *args, **kwargs):
    raise Http404("not built yet")
