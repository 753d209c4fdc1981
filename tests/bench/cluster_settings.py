"""The production settings for the two-server test, less the static-file manifest: these
servers serve no static files, and collecting a compressed manifest takes 40 s."""

from clinic.settings import *  # noqa: F403
from clinic.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
