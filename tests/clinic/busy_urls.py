"""The site's URLs plus pages whose database fails, for tests/clinic/test_database_busy.py."""

from django.contrib.auth.decorators import login_not_required
from django.db.utils import OperationalError
from django.urls import path

from clinic.urls import handler500
from clinic.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


@login_not_required
def locked(request):
    raise OperationalError("database is locked")


@login_not_required
def broken(request):
    raise ValueError("a bug, not the database")


urlpatterns = [path("locked/", locked), path("broken/", broken), *site_urlpatterns]
