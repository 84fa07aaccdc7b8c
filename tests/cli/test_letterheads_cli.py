"""``formservice office letterhead``: show and set an office's letterhead; garbage is one line with
exit status 1 and nothing stored; a change is audited and security-logged as ``cli``; the round
letters of an office without a letterhead are refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from formservice.config import load_settings
from formservice.storage import letterheads, offices
from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from tests import factories

SET = ("office", "letterhead", "vestland", "--address", "Testveien 1\\nBygg 2", "--postcode",
       "9999", "--town", "Teststad", "--email", "post@vestland.test.example", "--orgnr",
       "974 760 673")  # fmt: skip


def _db(instance: Path):
    return connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])


def test_an_office_letterhead_is_set_changed_and_shown(run, instance):
    status, out, _ = run("office", "letterhead", "vestland")
    assert (
        status == 0
        and "Statsforvalteren i Vestland / Statsforvaltaren i Vestland (incomplete)" in out
    )
    status, out, err = run(*SET)
    assert status == 0, err
    assert out.startswith(
        "vestland: letterhead set (email, orgnr, post_town, postal_address, postcode)"
    )
    db = _db(instance)
    vestland = offices.office_by_slug(db, "vestland")
    stored = letterheads.letterhead_of(db, vestland["id"])
    assert stored["postal_address"] == "Testveien 1\nBygg 2" and stored["orgnr"] == "974760673"
    assert stored["set_by"] == "cli"
    [event] = security_events(db, event="letterhead_changed")
    assert event["username"] == "cli" and event["detail"]["office_id"] == vestland["id"]
    status, out, _ = run("office", "letterhead", "vestland", "--phone", "12 34 56 78")
    assert status == 0 and "letterhead set (phone)" in out
    assert letterheads.letterhead_of(db, vestland["id"])["post_town"] == "Teststad"
    status, out, _ = run("office", "letterhead", "vestland", "--phone", "12 34 56 78")
    assert status == 0 and "unchanged" in out
    status, out, _ = run("office", "letterhead", "vestland")
    assert "(incomplete)" not in out and "Testveien 1, Bygg 2" in out and "12 34 56 78" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("office", "letterhead", "narnia", "--town", "X"), "no office 'narnia' (one of agder,"),
        (
            ("office", "letterhead", "vestland", "--town", "Teststad"),
            "--address: give the address line",
        ),
        ((*SET[:-1], "974760674"), "--orgnr: '974760674' is not an organisation number"),
        ((*SET, "--postcode", "99a9"), "--postcode: '99a9' is not a postcode (4 digits)"),
        (
            (*SET[:-4], "--email", "post", "--orgnr", "974760673"),
            "--email: 'post' is not an e-mail",
        ),
        ((*SET, "--phone", "ring oss"), "--phone: 'ring oss' is not a phone number"),
        ((*SET, "--web", "<b>"), "--web: '<b>' is not a web address"),
        ((*SET, "--address", "a\\nb\\nc\\nd"), "--address: at most three lines"),
    ],
)
def test_garbage_gets_one_line_exit_1_and_nothing_stored(run, instance, args, message):
    status, _, err = run(*args)
    assert status == 1 and message in err and err.count("\n") == 1, err
    db = _db(instance)
    assert letterheads.letterhead_of(db, offices.office_by_slug(db, "vestland")["id"]) is None


def test_the_letters_of_an_office_without_a_letterhead_are_refused_in_one_line(run, instance):
    db = _db(instance)
    round_row = factories.create_round(db, office="vestland")
    factories.create_submission(db, state="granted", round=round_row,
                                organisation=factories.create_organisation(db, office="vestland"))  # fmt: skip
    status, _, err = run("letters", round_row["slug"])
    assert status == 1 and err.count("\n") == 1
    assert "Statsforvalteren i Vestland has no complete letterhead" in err
    assert "formservice office letterhead vestland" in err


def test_the_report_of_an_office_without_a_letterhead_fails_in_one_line(run, instance):
    status, _, err = run("report", "rus-2021-vestland")
    assert status == 1 and err.count("\n") == 1
    assert "the report could not be made: letterhead: Statsforvalteren i Vestland has no" in err
