"""Findings of the security review (issue 12) through the real app: each test fails without its fix."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from formservice.accounts import MAX_FAILURES_PER_ADDRESS, hash_password, use_password_hashing
from formservice.storage import organisations, rounds, submissions, users
from formservice.storage.db import connect
from formservice.web import create_app
from formservice.web.security import COOKIE_NAME, HSTS
from tests import factories
from tests.conftest import TEST_PASSWORD_HASHING
from tests.helpers.app import csrf_token


def _db(app):
    return connect(app.config["DATABASE"])


def confirmation_pdf(values: dict[str, str]) -> bytes:
    """A plain PDF with the confirmation form's fields filled in (what a PDF reader saves)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    fields = ArrayObject()
    for name, value in values.items():
        field = DictionaryObject({NameObject("/FT"): NameObject("/Btn" if name == "godtar" else "/Tx"),
                                  NameObject("/T"): TextStringObject(name),
                                  NameObject("/V"): NameObject(value) if name == "godtar" else TextStringObject(value)})  # fmt: skip
        fields.append(writer._add_object(field))
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): fields})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _login_page_post(client, **data):
    token = csrf_token(client.get("/logg-inn").text)
    return client.post("/logg-inn", data={"csrf_token": token, **data})


# Item 1 ---------------------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_non_signatory_cannot_accept_the_grant_by_uploading_the_signed_form(demo_app, login):
    db = _db(demo_app)
    submission = factories.create_submission(
        db, state="letter_sent", organisation="3405", answers={}, settings=demo_app.config
    )
    organisation = organisations.organisation_by_id(db, submission["organisation_id"])
    signed = confirmation_pdf({"orgnr": organisation["orgnr"], "kontonr": organisation["account_number"],
                               "navn": "Ola Demo", "tittel": "Rådgiver", "godtar": "/Yes"})  # fmt: skip
    receipt = f"/kommune/skjema/{submission['id']}/kvittering"
    for username, expected in (("lillehammer-medarbeider", "letter_sent"),
                               ("lillehammer", "confirmation_received")):  # fmt: skip
        client = login(username)
        token = csrf_token(client.get(receipt).text)
        response = client.post(receipt.replace("kvittering", "bekreftelse"), content_type="multipart/form-data",
                               data={"csrf_token": token, "bekreftelse": (io.BytesIO(signed), "b.pdf")})  # fmt: skip
        assert submissions.submission_by_id(db, submission["id"])["state"] == expected, username
        if expected == "letter_sent":
            assert response.status_code == 400
            assert "Bare den som har signaturrett, kan bekrefte." in response.text


# Item 3 and 9: passwords, throttling, proxies, demo accounts ----------------------------------


def test_demo_accounts_log_in_only_in_demo_mode(demo_app):
    assert (
        _login_page_post(demo_app.test_client(), username="admin", password="demo").status_code
        == 302
    )
    production = create_app({**_settings(demo_app), "DEMO_MODE": False})
    refused = _login_page_post(production.test_client(), username="admin", password="demo")
    assert refused.status_code == 400 and "Feil brukernavn eller passord." in refused.text


def _settings(app) -> dict:
    return {key: app.config[key] for key in ("INSTANCE_PATH", "DEFINITIONS_DIR", "TEMPLATES_DIR")}


def test_one_password_tried_across_many_usernames_is_throttled_per_address(demo_app):
    client = demo_app.test_client()
    for number in range(MAX_FAILURES_PER_ADDRESS):
        _login_page_post(client, username=f"finnes-ikke-{number}", password="sommer2024")
    response = _login_page_post(client, username="lillehammer", password="demo")
    assert response.status_code == 400 and "For mange mislykkede forsøk" in response.text
    other_address = demo_app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert (
        _login_page_post(other_address, username="lillehammer", password="demo").status_code == 302
    )


def test_forwarded_addresses_are_believed_only_from_configured_proxies(demo_app):
    proxied = create_app({**_settings(demo_app), "DEMO_MODE": True, "TRUSTED_PROXIES": 1})
    for app, expected in ((demo_app, "127.0.0.1"), (proxied, "203.0.113.9")):
        client = app.test_client()
        token = csrf_token(client.get("/logg-inn").text)
        client.post("/logg-inn", data={"csrf_token": token, "username": "gjovik", "password": "feil"},
                    headers={"X-Forwarded-For": "203.0.113.9"})  # fmt: skip
        event = _db(app)["security_events"].rows_where("event = 'login_failed'", order_by="id desc")
        assert next(event)["ip"] == expected


def test_refusing_an_unknown_username_takes_as_long_as_a_wrong_password(demo_app):
    use_password_hashing("RFC_9106_LOW_MEMORY")  # the production cost, not the suite's cheap one
    try:
        db = _db(demo_app)
        users.set_password_hash(
            db, users.user_by_username(db, "hjelp")["id"], hash_password("x" * 20)
        )
        client = demo_app.test_client()

        def timed(username: str) -> float:
            token = csrf_token(client.get("/logg-inn").text)
            began = time.perf_counter()
            client.post(
                "/logg-inn", data={"csrf_token": token, "username": username, "password": "feil"}
            )
            return time.perf_counter() - began

        known = min(timed("hjelp") for _ in range(3))
        unknown = min(timed(f"ukjent{n}") for n in range(3))
    finally:
        use_password_hashing(TEST_PASSWORD_HASHING)
    assert unknown > known * 0.5, (unknown, known)  # without a dummy hash: ~50 times faster


# Item 4: transport ----------------------------------------------------------------------------


def test_the_session_cookie_is_secure_with_the_host_prefix_and_hsts_is_sent(demo_app):
    response = demo_app.test_client().get("/logg-inn")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"__Host-{COOKIE_NAME}=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_only_a_plain_http_deployment_turns_them_off(demo_app):
    plain = create_app({**_settings(demo_app), "HTTPS": False})
    response = plain.test_client().get("/logg-inn")
    assert response.headers["Set-Cookie"].startswith(f"{COOKIE_NAME}=")
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


# Item 12: no caching of what a logged-in person fetches ----------------------------------------


def test_exports_with_account_numbers_are_never_cached(demo_app, login):
    office = login("saksbehandler")
    round_id = rounds.all_rounds(_db(demo_app))[0]["id"]
    for url in (f"/saksbehandler/runde/{round_id}/utbetaling.csv",
                f"/saksbehandler/runde/{round_id}/utbetaling.xlsx",
                f"/saksbehandler/runde/{round_id}/eksport.csv", "/saksbehandler/"):  # fmt: skip
        response = office.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    assert "no-store" not in demo_app.test_client().get("/static/app.css").headers["Cache-Control"]


def test_what_is_the_same_for_everyone_is_cached_for_a_logged_in_person_too(demo_app, login):
    office = login("saksbehandler")
    for url in ("/static/app.css", "/assets/inter.css"):
        response = office.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.headers["Cache-Control"], url
    assert office.get("/saksbehandler/").headers["Cache-Control"] == "no-store"


# Item 15: bad input that gave 500s -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/saksbehandler/skjema/9223372036854775808", "/saksbehandler/skjema/99999999999999999999",
     "/saksbehandler/skjema/٣", "/saksbehandler/runde/²", "/saksbehandler/skjema/-1"],
)  # fmt: skip
def test_ids_out_of_range_or_not_ascii_are_not_found(login, url):
    assert login("saksbehandler").get(url).status_code == 404


def test_huge_ids_in_posts_are_not_found(login):
    client = login("lillehammer")
    token = csrf_token(client.get("/kommune/").text)
    response = client.post("/kommune/runde/99999999999999999999/start", data={"csrf_token": token})
    assert response.status_code == 404


def test_arabic_indic_digits_do_not_name_another_record(demo_app, login):
    submission = factories.create_submission(_db(demo_app), organisation="3405", answers={})
    client = login("lillehammer")
    digit = "٠١٢٣٤٥٦٧٨٩"[submission["id"]]
    assert client.get(f"/kommune/skjema/{submission['id']}/").status_code == 200
    assert client.get(f"/kommune/skjema/{digit}/").status_code == 404


@pytest.mark.parametrize("target", ["/kommune/\r\nX: y", "/kommune/\nX", "/\\evil.example",
                                    "/kommune/\x85", "https://evil.example/"])  # fmt: skip
def test_the_language_switch_goes_back_only_to_a_clean_path(login, target):
    client = login("lillehammer")
    token = csrf_token(client.get("/kommune/").text)
    response = client.post("/sprak", data={"csrf_token": token, "lang": "nn", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/kommune/"


@pytest.mark.parametrize("base_version", ["abc", "", "²", "99999999999999999999999"])
def test_submit_with_a_base_version_that_is_not_a_whole_number_is_refused(
    demo_app, login, base_version
):
    submission = factories.create_submission(_db(demo_app), organisation="3405", answers={})
    client = login("lillehammer")
    check = f"/kommune/skjema/{submission['id']}/oppsummering"
    token = csrf_token(client.get(check).text)
    response = client.post(check.replace("oppsummering", "send-inn"),
                           data={"csrf_token": token, "base_version": base_version})  # fmt: skip
    assert response.status_code == 400
    assert submissions.submission_by_id(_db(demo_app), submission["id"])["state"] == "draft"


def test_submit_of_a_submitted_form_goes_to_the_receipt_whatever_the_base_version(demo_app, login):
    submission = factories.create_submission(
        _db(demo_app), state="submitted", organisation="3405", answers={}
    )
    client = login("lillehammer")
    token = csrf_token(client.get("/kommune/").text)
    response = client.post(f"/kommune/skjema/{submission['id']}/send-inn",
                           data={"csrf_token": token, "base_version": "0"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("/kvittering")


def test_security_events_are_never_purged(demo_app):
    db = _db(demo_app)
    users.record_failed_login(db, "x", "127.0.0.1")
    _login_page_post(demo_app.test_client(), username="x", password="y")
    with pytest.raises(Exception, match="never changed or purged"):
        db.execute("delete from security_events")
    with pytest.raises(Exception, match="never changed or purged"):
        db.execute("update security_events set username = 'y'")
