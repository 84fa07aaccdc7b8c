"""``formservice user add/role --office`` and ``formservice org move``: office accounts are bound to
an office, moves are audited and security-logged, and bad input is one line with exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from formservice.config import load_settings
from formservice.storage import offices, organisations, users
from formservice.storage.db import connect
from formservice.storage.security_log import security_events

PASSWORD = "fire tilfeldige ord i rad\n"


def _db(instance: Path):
    return connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])


def test_an_office_account_is_made_for_an_office(run, instance):
    status, out, _ = run("user", "add", "kari", "--role", "caseworker", "--office", "Vestland",
                         "--password-stdin", stdin=PASSWORD)  # fmt: skip
    assert status == 0 and "created caseworker user kari at Vestland" in out
    db = _db(instance)
    kari = users.user_by_username(db, "kari")
    assert kari["office_id"] == offices.office_by_slug(db, "vestland")["id"]
    event = security_events(db, username="kari", event="account_created")[0]
    assert event["detail"]["office_id"] == kari["office_id"] and event["detail"]["by"] == "cli"
    status, out, _ = run("user", "role", "kari", "--role", "helpdesk", "--office", "agder")
    assert status == 0
    assert (
        users.user_by_username(db, "kari")["office_id"] == offices.office_by_slug(db, "agder")["id"]
    )
    assert security_events(db, username="kari", event="role_changed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "caseworker"), "a caseworker user needs --office (one of agder, innlandet"),
        (("--role", "helpdesk", "--office", "oslo"), "--office: no office 'oslo'"),
        (("--role", "directorate", "--office", "innlandet"), "--office is for caseworkers"),
    ],
)
def test_bad_office_options_get_one_line_and_no_account(run, instance, args, message):
    status, _, err = run("user", "add", "ola", *args, "--password-stdin", stdin=PASSWORD)
    assert status == 1 and message in err and err.count("\n") == 1
    assert users.user_by_username(_db(instance), "ola") is None


def test_an_organisation_moves_to_another_office(run, instance):
    status, out, _ = run("org", "move", "3405", "--office", "vestland")
    assert status == 0 and "moved to Statsforvalteren i Vestland" in out
    db = _db(instance)
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    assert lillehammer["office_id"] == offices.office_by_slug(db, "vestland")["id"]
    assert security_events(db, username="cli", event="organisation_moved")
    status, out, _ = run("org", "move", "3405", "--office", "vestland")
    assert status == 0 and "already" in out
    for args, message in ((("9999", "--office", "vestland"), "no organisation '9999'"),
                          (("3405", "--office", "narnia"), "--office: no office 'narnia'")):  # fmt: skip
        status, _, err = run("org", "move", *args)
        assert status == 1 and message in err
