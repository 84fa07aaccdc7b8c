"""The help desk: find, reopen with a reason (the municipality resubmits after the deadline), restore."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from formservice.storage import submissions, users
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.forms import hidden


def test_reopen_lets_the_municipality_correct_and_resubmit_after_the_deadline(
    shipped_db, shipped_login, smtp_server
):
    db = shipped_db
    closed = factories.create_round(db, deadline="2021-02-10")  # the deadline has passed
    submission_id = factories.create_submission(
        db, state="submitted", round=closed, organisation="3405"
    )["id"]
    tasks = f"/kommune/skjema/{submission_id}/"
    municipality = shipped_login("lillehammer")

    desk = shipped_login("hjelp")
    link = f'a[href="/hjelp/skjema/{submission_id}"]'
    for query in ("RUS-2021-0001", "Lillehammer", "993 405 000"):
        assert desk.get(f"/hjelp/?q={query}").doc.css_first(link) is not None, query
    page = desk.get(f"/hjelp/skjema/{submission_id}")

    missing = desk.post(f"/hjelp/skjema/{submission_id}/gjenapne",
                        data={"csrf_token": csrf_token(page.text), "reason": " ", "until": "01.01.2099"})  # fmt: skip
    assert missing.status_code == 400 and "Skriv en begrunnelse." in missing.text
    assert submissions.submission_by_id(db, submission_id)["state"] == "submitted"
    bad_date = desk.post(f"/hjelp/skjema/{submission_id}/gjenapne",
                         data={"csrf_token": csrf_token(page.text), "reason": "Feil beløp", "until": "snart"})  # fmt: skip
    assert bad_date.status_code == 400 and "dd.mm.åååå" in bad_date.text

    done = desk.post(f"/hjelp/skjema/{submission_id}/gjenapne",
                     data={"csrf_token": csrf_token(page.text), "reason": "Feil beløp", "until": "31.12.2099"})  # fmt: skip
    assert done.status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "draft"
    mail = smtp_server[2].wait_for(lambda m: "Skjema åpnet for retting" in m["Subject"])
    assert "31.12.2099" in mail.get_content() and "Feil beløp" in mail.get_content()

    check = municipality.get(tasks + "oppsummering")
    again = municipality.post(tasks + "send-inn", data={
        "csrf_token": hidden(check, "csrf_token"), "base_version": hidden(check, "base_version")})  # fmt: skip
    assert again.status_code == 302
    row = submissions.submission_by_id(db, submission_id)
    assert row["state"] == "submitted" and row["reference"] == "RUS-2021-0001"
    kinds = [v["kind"] for v in submissions.versions(db, submission_id)]
    assert kinds.count("submit") == 2  # both submitted versions are kept
    history = desk.get(f"/hjelp/skjema/{submission_id}").text
    assert "Åpnet for retting" in history and "Feil beløp" in history


def test_other_roles_cannot_reach_the_help_desk_and_the_desk_cannot_fill_in(login, demo_db):
    municipality = login("lillehammer")
    submission = _start_and_submit(demo_db)
    for username in ("lillehammer", "lillehammer-medarbeider", "saksbehandler"):
        assert login(username).get("/hjelp/").status_code == 403
        assert login(username).get(f"/hjelp/skjema/{submission['id']}").status_code == 403
    assert login("admin").get("/hjelp/").status_code == 200

    desk = login("hjelp")
    page = desk.get(f"/hjelp/skjema/{submission['id']}").text
    token = csrf_token(page)
    assert desk.get("/kommune/").status_code == 403
    answers = desk.post(f"/kommune/skjema/{submission['id']}/side/side_en",
                        data={"csrf_token": token, "base_version": "1", "navn": "Hjelp"})  # fmt: skip
    assert answers.status_code == 403
    decision = desk.post(
        f"/saksbehandler/skjema/{submission['id']}/vedtak", data={"csrf_token": token}
    )
    assert decision.status_code == 403
    assert [v["kind"] for v in submissions.versions(demo_db, submission["id"])] == ["submit"]
    assert municipality.get("/kommune/").status_code == 200


def _start_and_submit(db, organisation: str = "3405") -> dict:
    """The test form submitted empty, as its first version (by default Lillehammer's)."""
    return factories.create_submission(db, state="submitted", organisation=organisation, answers={})


def test_the_reopen_mail_is_in_the_organisations_written_standard(login, demo_app, demo_db):
    submission = _start_and_submit(demo_db, "3434")  # Lom writes nynorsk
    desk = login("hjelp")  # the help desk's own interface stays bokmål
    url = f"/hjelp/skjema/{submission['id']}"
    done = desk.post(f"{url}/gjenapne", data={"csrf_token": csrf_token(desk.get(url).text),
                                                "reason": "Manglar vedlegg", "until": "2099-12-31"})  # fmt: skip
    assert done.status_code == 302
    [eml] = (Path(demo_app.config["INSTANCE_PATH"]) / "outbox").glob("*.eml")
    mail = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert mail["Subject"] == f"Skjema opna for retting: {submission['reference']}"
    body = mail.get_content()
    assert "er opna igjen" in body and "Grunngiving: Manglar vedlegg" in body
    assert "sendast inn på nytt til og med 31.12.2099" in body and "Helsing" in body
    assert body.rstrip().endswith("Helsing\nStatsforvaltaren i Innlandet, brukarstøtte")
    assert "åpnet" not in body and "Hilsen" not in body


def test_reopen_mails_the_municipality_via_the_outbox_and_restore_adds_a_version(
    login, demo_app, demo_db
):
    submission = _start_and_submit(demo_db)
    url = f"/hjelp/skjema/{submission['id']}"
    desk = login("hjelp")
    page = desk.get(url).text
    assert 'id="no-unlock"' in page and "lagrer på nytt" in page  # no lock to release, explained
    assert "Hent tilbake" not in page  # nothing to restore while submitted

    past = desk.post(
        f"{url}/gjenapne",
        data={"csrf_token": csrf_token(page), "reason": "x", "until": "01.01.2020"},
    )
    assert past.status_code == 400 and "tilbake i tid" in past.text
    assert 'href="#until"' in past.text and 'aria-invalid="true"' in past.text
    too_long = desk.post(f"{url}/gjenapne", data={"csrf_token": csrf_token(page), "reason": "x" * 2001,
                                                    "until": "2099-12-31"})  # fmt: skip
    assert (
        too_long.status_code == 400
        and 'href="#reason"' in too_long.text
        and "2000 tegn" in too_long.text
    )
    outbox = Path(demo_app.config["INSTANCE_PATH"]) / "outbox"
    assert not list(outbox.glob("*.eml"))

    done = desk.post(f"{url}/gjenapne", data={"csrf_token": csrf_token(page), "reason": "Mangler vedlegg\nSend igjen",
                                                "until": "2099-12-31"})  # fmt: skip
    assert done.status_code == 302
    [eml] = outbox.glob("*.eml")
    mail = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "postmottak@lillehammer.kommune.example" in mail["To"]
    assert "lillehammer@demo.formservice.example" in mail["To"]
    assert submission["reference"] in mail["Subject"]
    body = mail.get_content()
    assert "Mangler vedlegg" in body and "31.12.2099" in body

    db = demo_db
    actor = users.user_by_username(db, "lillehammer")
    submissions.save_answers(
        db, submission["id"], base_version=1, answers={"navn": "Ny"}, actor=actor
    )
    shown = desk.get(url)
    page = shown.text
    assert shown.doc.css_first("#restore-reason-1") is not None
    assert shown.doc.css_first("#restore-reason-2") is None
    missing = desk.post(f"{url}/gjenopprett/1", data={"csrf_token": csrf_token(page), "reason": ""})
    assert missing.status_code == 400 and 'href="#restore-reason-1"' in missing.text
    assert submissions.submission_by_id(db, submission["id"])["current_version"] == 2
    restored = desk.post(
        f"{url}/gjenopprett/1", data={"csrf_token": csrf_token(page), "reason": "Feil lagret"}
    )
    assert restored.status_code == 302
    row = submissions.submission_by_id(db, submission["id"])
    first = submissions.version(db, submission["id"], 1)["answers"]  # the empty form, submitted
    assert "navn" not in first
    assert row["current_version"] == 3 and submissions.current_answers(db, row) == first
    assert [v["kind"] for v in submissions.versions(db, submission["id"])] == [
        "submit",
        "save",
        "restore",
    ]
    again = desk.post(
        f"{url}/gjenapne",
        data={"csrf_token": csrf_token(page), "reason": "y", "until": "2099-12-31"},
    )
    assert again.status_code == 400 and "allerede åpent" in again.text  # a draft is not reopened
