"""Shared media for several app servers: an S3-compatible bucket when one is configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.STORAGES['default'], "
    "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
)


def media_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="clinic.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_stay_on_disk_without_a_bucket():
    storage, img_src = media_settings()
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert img_src == ["'self'", "data:"]


def test_a_bucket_moves_media_to_private_s3_storage():
    storage, img_src = media_settings(
        AWS_STORAGE_BUCKET_NAME="clinic-media", AWS_S3_ENDPOINT_URL="https://s3.example.org/"
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "clinic-media"
    assert storage["OPTIONS"]["querystring_auth"] is True  # signed, expiring addresses
    assert storage["OPTIONS"]["default_acl"] is None
    assert img_src == ["'self'", "data:", "https://s3.example.org"]


def test_amazon_s3_images_are_allowed_from_the_bucket_only():
    _, img_src = media_settings(
        AWS_STORAGE_BUCKET_NAME="clinic-media", AWS_S3_REGION_NAME="eu-west-2"
    )
    assert img_src[-1] == "https://clinic-media.s3.eu-west-2.amazonaws.com"
