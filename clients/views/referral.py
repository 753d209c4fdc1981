"""Placeholder: being written."""

from django.http import Http404


def referral_letter(request, *args, **kwargs):
    raise Http404("not built yet")


def referral_pdf(request, *args, **kwargs):
    raise Http404("not built yet")
