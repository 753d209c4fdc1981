import pytest
from techniques.models import Entry
from tests.techniques.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

def test_probe(admin_client):
    entry = Entry.objects.get(slug="piriformis-trigger-point")
    r = admin_client.post(change_url(entry), form_data(entry, role="", default_minutes=""))
    entry.refresh_from_db()
    print("STATUS", r.status_code, repr(entry.role), entry.default_minutes)
    entry = Entry.objects.get(slug="heat-pack")
    r = admin_client.post(change_url(entry), form_data(entry, role="finish"))
    entry.refresh_from_db()
    print("STATUS", r.status_code, repr(entry.role), entry.kind)
