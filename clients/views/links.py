"""Placeholder: being written."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404


def link_create(request, *args, **kwargs):
    raise Http404("not built yet")


def link_detail(request, *args, **kwargs):
    raise Http404("not built yet")


def link_revoke(request, *args, **kwargs):
    raise Http404("not built yet")


@login_not_required
def self_intake_thanks(request, *args, **kwargs):
    raise Http404("not built yet")


@login_not_required
def self_intake(request, *args, **kwargs):
    raise Http404("not built yet")
