"""The public pages: front page, accessibility statement, health check, security headers."""

from __future__ import annotations


def test_front_page_lists_published_forms(client):
    response = client.get("/")  # the client checks every page (one <h1>, labels, unique ids)
    assert response.status_code == 200 and response.doc.css_first("h1") is not None
    html = response.get_data(as_text=True)
    assert "Kommunalt rusarbeid" in html
    assert "10.02.2021" in html


def test_accessibility_statement(client):
    response = client.get("/tilgjengelighet")
    assert response.status_code == 200
    assert response.doc.css_first("h1") is not None


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_404(client):
    assert client.get("/finnes-ikke").status_code == 404
