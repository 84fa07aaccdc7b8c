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


def test_the_inter_typeface_is_served_from_the_package_and_only_its_files(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/assets/inter.css">' in page
    css = client.get("/assets/inter.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    faces = css.get_data(as_text=True)
    assert "font-family: 'Inter'" in faces
    for weight in ("400", "500", "600", "700"):
        assert f"url(./files/inter-latin-{weight}-normal.woff2)" in faces
    font = client.get("/assets/files/inter-latin-400-normal.woff2")
    assert font.status_code == 200 and font.mimetype == "font/woff2"
    assert font.data[:4] == b"wOF2"
    assert "font-src 'self'" in font.headers["Content-Security-Policy"]
    for name in ("../LICENSE", "LICENSE", "inter-latin-400-normal.css", "..%2F400.css"):
        assert client.get(f"/assets/files/{name}").status_code == 404


def test_front_page_and_accessibility_statement_in_both_written_standards(client):
    for language, words, foreign in (
        ("nb", ["Tilskuddsordninger", "Ordninger"], ["Tilskotsordningar", "ikkje"]),
        (
            "nn",
            ["Tilskotsordningar", "Ordningar", "Kommunalt rusarbeid"],
            ["Tilskuddsordninger", "ikke "],
        ),
    ):
        with client.session_transaction() as session:
            session["lang"] = language
        front = client.get("/").text
        assert all(w in front for w in words) and not any(w in front for w in foreign)
        statement = client.get("/tilgjengelighet")
        main = statement.doc.css_first("main").text()
        assert 'datetime="2026-12-01"' in statement.text
        assert "Tilsynet for universell utforming av IKT" in main and "Digdir" in main
        assert "hjelp@statsforvalteren.no" in main and "WCAG 2.1" in main
        assert ("ikkje" in main) == (language == "nn") and ("ikke " in main) == (language == "nb")
