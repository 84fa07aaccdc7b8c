"""The help desk: find, reopen with a reason (the municipality resubmits after the deadline), restore."""

from __future__ import annotations

import re

from formservice.storage import submissions
from formservice.storage.db import connect
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page
from tests.web.test_submit import _fill_and_submit


def test_reopen_lets_the_municipality_correct_and_resubmit_after_the_deadline(
    shipped_app, shipped_login, smtp_server
):
    municipality = shipped_login("lillehammer")
    tasks, _ = _fill_and_submit(municipality)
    submission_id = int(re.search(r"/skjema/(\d+)/", tasks).group(1))
    db = connect(shipped_app.config["DATABASE"])
    db["rounds"].update(
        submissions.submission_by_id(db, submission_id)["round_id"], {"deadline": "2021-02-10"}
    )

    desk = shipped_login("hjelp")
    found = desk.get("/hjelp/?q=RUS-2021-0001")
    check_page(found.text)
    assert f"/hjelp/skjema/{submission_id}" in found.text
    assert f"/hjelp/skjema/{submission_id}" in desk.get("/hjelp/?q=Lillehammer").text
    assert f"/hjelp/skjema/{submission_id}" in desk.get("/hjelp/?q=993 405 000").text
    page = desk.get(f"/hjelp/skjema/{submission_id}")
    check_page(page.text)

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
    base = re.search(r'name="base_version" value="(\d+)"', check.text).group(1)
    again = municipality.post(
        tasks + "send-inn", data={"csrf_token": csrf_token(check.text), "base_version": base}
    )
    assert again.status_code == 302
    row = submissions.submission_by_id(db, submission_id)
    assert row["state"] == "submitted" and row["reference"] == "RUS-2021-0001"
    kinds = [v["kind"] for v in submissions.versions(db, submission_id)]
    assert kinds.count("submit") == 2  # both submitted versions are kept
    history = desk.get(f"/hjelp/skjema/{submission_id}").text
    assert "reopen" in history and "Feil beløp" in history


def test_other_roles_cannot_reach_the_help_desk_and_the_desk_cannot_fill_in(shipped_login):
    assert shipped_login("lillehammer").get("/hjelp/").status_code == 403
    desk = shipped_login("hjelp")
    assert desk.get("/kommune/").status_code == 403
