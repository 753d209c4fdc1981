"""The site's URLs plus the bare page, the floor every page is measured against."""

from django.urls import include, path

from bench.views import bare

urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("clinic.urls")),
]
