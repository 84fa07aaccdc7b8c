"""Limits on one form post (item 5): a group's max_rows, row numbers, Werkzeug's part limits."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from formservice.storage import submissions
from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token


def _page(demo_app, login):
    submission = factories.create_submission(
        connect(demo_app.config["DATABASE"]), organisation="3405", answers={}
    )
    client = login("lillehammer")
    url = f"/kommune/skjema/{submission['id']}/side/side_to"
    return client, url, submission, csrf_token(client.get(url).text)


def _stored_rows(demo_app, submission) -> list:
    db = connect(demo_app.config["DATABASE"])
    return (
        submissions.current_answers(db, submissions.submission_by_id(db, submission["id"])).get(
            "rader"
        )
        or []
    )


def test_a_post_with_more_rows_than_max_rows_stores_max_rows(demo_app, login):
    client, url, submission, token = _page(demo_app, login)
    data = [("csrf_token", token), ("base_version", "0"), ("action", "save")]
    data += [(f"rader-{n}-tittel", f"Stilling {n}") for n in range(50)]
    response = client.post(url, data=MultiDict(data))
    assert response.status_code in (200, 302)
    rows = _stored_rows(demo_app, submission)
    assert len(rows) == 3  # alle_felt's rader has max_rows 3
    assert [row["tittel"] for row in rows] == ["Stilling 0", "Stilling 1", "Stilling 2"]


def test_row_numbers_that_are_not_ascii_digits_are_not_rows(demo_app, login):
    client, url, submission, token = _page(demo_app, login)
    data = {"csrf_token": token, "base_version": "0", "action": "save", "rader-²-tittel": "x",
            "rader-٣-tittel": "y", "rader-99999999999999999999-tittel": "z"}  # fmt: skip
    response = client.post(url, data=MultiDict(data))
    assert response.status_code in (200, 302)
    assert _stored_rows(demo_app, submission) == []


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data"]
)
@pytest.mark.parametrize("shape", ["parts", "bytes"])
def test_a_post_over_the_form_limits_is_refused_with_a_page_not_a_crash(
    demo_app, login, content_type, shape
):
    client, url, submission, token = _page(demo_app, login)
    data = [("csrf_token", token), ("base_version", "0")]
    data += (
        [(f"x{n}", "1") for n in range(1200)] if shape == "parts" else [("navn", "Ø" * 2_000_000)]
    )
    response = client.post(url, data=MultiDict(data), content_type=content_type)
    assert response.status_code == 413
    assert "Det du sendte er for stort" in response.text
    assert (
        submissions.submission_by_id(connect(demo_app.config["DATABASE"]), submission["id"])[
            "current_version"
        ]
        == 0
    )
