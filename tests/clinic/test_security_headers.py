import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz"])
def test_public_pages_send_a_strict_content_security_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_send_the_policy_too(therapist_client):
    assert "unsafe-inline" not in therapist_client.get("/")["Content-Security-Policy"]


def test_no_template_carries_an_inline_script():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(str(template.relative_to(root)))
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template.relative_to(root)} (event handler attribute)")
    assert offenders == []


def test_django_admin_shows_no_client_data(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Library entries" in html
    for model in ("Client", "Intake", "Session", "Sheet", "Audit"):
        assert f">{model}s<" not in html and "/admin/clients/" not in html
