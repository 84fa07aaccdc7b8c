"""``formservice person grant|revoke|list``: persons' ID-porten roles from the command line, the
same rules, audit and security log as the office's page; garbage is one line and exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.config import load_settings
from formservice.storage import organisations, person_roles, security_log, users
from formservice.storage.audit import events_for_organisation
from formservice.storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")
PID, TENOR = "03058010056", "10915596784"


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instance with the register (init --demo); each test uses its own organisation."""
    folder = tmp_path_factory.mktemp("persons") / "instance"
    assert _run(folder, "init", "--demo").returncode == 0
    return folder


def _run(instance: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance), **env}
    return subprocess.run([FORMSERVICE, *args], env=environment, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip


def _db(instance: Path):
    return connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])


def test_grant_list_and_revoke_as_the_office_page_does(instance):
    db = _db(instance)
    hamar = organisations.organisation_by_kommunenummer(db, "3403")
    done = _run(instance, "person", "grant", "030580 10056", hamar["orgnr"], "--role", "signatory",
                "--name", "Kari Nord")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "030580 ***** is signatory for Hamar kommune"
    grant = person_roles.active_role(db, PID, hamar["id"])
    assert (grant["role"], grant["granted_by"], grant["full_name"]) == ("signatory", "cli",
                                                                         "Kari Nord")  # fmt: skip
    login = users.user_by_id(db, grant["user_id"])
    assert (
        login["is_signatory"] and login["organisation_id"] == hamar["id"] and not login["is_demo"]
    )
    [audited] = [e for e in events_for_organisation(db, hamar["id"])
                 if e["action"] == "person_role:grant"]  # fmt: skip
    assert audited["actor"] == "cli" and audited["detail"]["role"] == "signatory"
    [event] = security_log.security_events(db, event="role_granted", limit=1)
    assert event["detail"]["by"] == "cli" and event["detail"]["organisation_id"] == hamar["id"]

    changed = _run(instance, "person", "grant", PID, "3403", "--role", "contributor")
    assert changed.returncode == 0 and "contributor for Hamar kommune" in changed.stdout
    listed = _run(instance, "person", "list", "--org", "3403")
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and PID not in listed.stdout  # the number shows its birth date only
    assert lines[0].startswith("Hamar kommune  030580 *****  contributor  Kari Nord  granted ")
    assert " revoked " in lines[1] and "signatory" in lines[1]
    everyone = _run(instance, "person", "list").stdout
    assert (
        "Hamar kommune  030580 *****  contributor" in everyone
        and "signatory    Kari Nord" not in everyone
    )
    assert (
        "Lillehammer kommune  120374 *****  signatory    Kari Testperson" in everyone
    )  # the demo's

    revoked = _run(instance, "person", "revoke", PID, f"#{hamar['id']}")
    assert revoked.returncode == 0
    assert revoked.stdout.strip() == "030580 ***** is no longer contributor for Hamar kommune"
    assert person_roles.active_role(db, PID, hamar["id"]) is None
    assert users.user_by_id(db, grant["user_id"])["disabled"] == 1
    [event] = security_log.security_events(db, event="role_revoked", limit=1)
    assert event["detail"]["by"] == "cli"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["grant", "123", "3401", "--role", "signatory"],
            "FNR: '123' is not a national identity number (11 digits)",
        ),
        (
            ["grant", "03058010057", "3401", "--role", "signatory"],
            "FNR: not a valid national identity number (check digits or birth date)",
        ),
        (
            ["grant", PID, "9999", "--role", "signatory"],
            "ORG: no organisation '9999' (organisation number, kommunenummer (e.g. 3405) or #ID)",
        ),
        (["grant", PID, "#99999", "--role", "signatory"], "ORG: no organisation '#99999'"),
        (
            ["grant", PID, "3401", "--role", "admin"],
            "--role: the role must be one of signatory, contributor",
        ),
        (
            ["grant", TENOR, "3401", "--role", "contributor"],
            "FNR: a synthetic test number (Tenor, month + 80), not a real national identity number",
        ),
        (
            ["grant", PID, "3401", "--role", "signatory", "--name", "Kari\x1b[2J"],
            "--name: the name contains control characters",
        ),
        (["revoke", PID, "3401"], "the person holds no role for the organisation"),
        (["revoke", "x" * 5000, "3401"], "is not a national identity number"),
        (["list", "--org", "Kongsvinger"], "ORG: no organisation 'Kongsvinger'"),
    ],
)
def test_garbage_is_one_line_exit_1_and_stores_nothing(instance, args, message):
    db = _db(instance)
    before = db["person_roles"].count
    done = _run(instance, "person", *args)
    assert done.returncode == 1, done.stdout
    [line] = done.stderr.splitlines()
    assert line.startswith("formservice person: error: ") and message in line
    assert db["person_roles"].count == before


def test_tenor_numbers_are_granted_where_test_identities_are_on(instance):
    db = _db(instance)
    kongsvinger = organisations.organisation_by_kommunenummer(db, "3401")
    done = _run(instance, "person", "grant", TENOR, "3401", "--role", "contributor",
                FORMSERVICE_TEST_IDENTITIES="true")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert person_roles.active_role(db, TENOR, kongsvinger["id"])["role"] == "contributor"
    wrong = _run(instance, "person", "grant", "10915596785", "3401", "--role", "signatory",
                 FORMSERVICE_TEST_IDENTITIES="true")  # fmt: skip
    assert wrong.returncode == 1 and "not a valid national identity number" in wrong.stderr
