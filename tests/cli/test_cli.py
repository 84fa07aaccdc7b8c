"""The ``formservice`` command: help, one-line errors, check, eval, init and user accounts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


def _run(
    *args: str, instance: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if instance is not None:
        env["FORMSERVICE_INSTANCE_PATH"] = str(instance)
    return subprocess.run([FORMSERVICE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize(
    "command", [[], ["check"], ["eval"], ["init"], ["serve"], ["render"], ["letters"], ["user", "add"], ["user", "passwd"], ["user", "role"], ["security-log"]]
)  # fmt: skip
def test_every_command_has_help(command):
    result = _run(*command, "--help")
    assert result.returncode == 0 and "usage: formservice" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["nonsense"], ["serve", "--port", "99999"], ["eval"], ["eval", "kommunalt_rusarbeid", "mangler.json"],
     ["eval", "finnes_ikke", "tests/fixtures/answers/rusarbeid-complete.json"], ["check", "mangler/"]],
)  # fmt: skip
def test_wrong_arguments_give_one_line_and_a_non_zero_exit(args):
    result = _run(*args)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_check_prints_file_pointer_message_and_exits_1(tmp_path):
    broken = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
    broken["pages"][0]["sections"][0]["fields"][17]["visible_if"] = ["exec", "x"]
    (tmp_path / "x.json").write_text(json.dumps(broken), "utf-8")
    result = _run("check", str(tmp_path))
    assert result.returncode == 1
    assert (
        f'{tmp_path / "x.json"}:/pages/0/sections/0/fields/17/visible_if/0: unknown function "exec"'
        in result.stdout
    )
    assert _run("check", "form_definitions", "letter_templates").returncode == 0


def test_init_demo_and_user_commands(tmp_path):
    instance = tmp_path / "instance"
    result = _run("init", "--demo", instance=instance)
    assert result.returncode == 0 and "demo: 46 organisations in county 34" in result.stdout
    assert (instance / "formservice.db").is_file()
    added = _run("user", "add", "ny.bruker", "--role", "municipality", "--orgnr", "993405000",
                 "--signatory", "--password-stdin", instance=instance, stdin="blåbær stein fjell ved\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    again = _run("user", "add", "ny.bruker", "--role", "caseworker", "--password-stdin",
                 instance=instance, stdin="blåbær stein fjell ved\n")  # fmt: skip
    assert again.returncode == 1 and "exists already" in again.stderr
    changed = _run(
        "user",
        "passwd",
        "ny.bruker",
        "--password-stdin",
        instance=instance,
        stdin="to kaffekopper og en sykkel\n",
    )
    assert changed.returncode == 0 and "sessions are ended" in changed.stdout
    missing_org = _run("user", "add", "x", "--role", "municipality", "--password-stdin",
                       instance=instance, stdin="blåbær stein fjell ved\n")  # fmt: skip
    assert missing_org.returncode == 1 and "needs --orgnr" in missing_org.stderr
    for weak, why in (("password1234", "too easy to guess"), ("ny.bruker2024!", "too easy to guess"),
                      ("kort", "at least 12 characters")):  # fmt: skip
        refused = _run("user", "passwd", "ny.bruker", "--password-stdin", instance=instance,
                       stdin=weak + "\n")  # fmt: skip
        assert refused.returncode == 1 and why in refused.stderr, (weak, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
    changed_role = _run("user", "role", "ny.bruker", "--role", "municipality", "--orgnr", "993405000",
                        "--no-signatory", instance=instance)  # fmt: skip
    assert changed_role.returncode == 0, changed_role.stderr
    log = _run("security-log", "--user", "ny.bruker", "--json", instance=instance)
    events = [json.loads(line) for line in log.stdout.splitlines()]
    assert [e["event"] for e in events] == ["role_changed", "password_changed", "account_created"]
    assert events[0]["detail"]["before"]["is_signatory"] == 1
    assert events[0]["detail"]["after"]["is_signatory"] == 0
    assert events[2]["detail"]["by"] == "cli" and events[2]["detail"]["role"] == "municipality"
    assert _run("security-log", "--since", "igår", instance=instance).returncode == 1
