"""``formservice round create|edit|list|close``: clear one-line errors and never a half-made round.

The commands run in this process through :func:`formservice.cli.main`, exactly as the script does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from formservice.cli import main
from formservice.config import load_settings
from formservice.storage import rounds
from formservice.storage.audit import events_for_round
from formservice.storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
LATER = (dt.date.today() + dt.timedelta(days=60)).isoformat()


class _Done:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(monkeypatch, capsys):
    """The command in this process (the subprocess start-up would dominate these tests)."""

    def call(instance: Path, *args: str) -> _Done:
        monkeypatch.setenv("FORMSERVICE_INSTANCE_PATH", str(instance))
        status = main(list(args))
        out = capsys.readouterr()
        return _Done(status, out.out, out.err)

    return call


def test_bad_input_gets_one_line_and_no_round(instance, run):
    base = ["round", "create", "--form", "kommunalt_rusarbeid@2", "--county", "03",
            "--deadline", LATER, "--frame", "32 000 000"]  # fmt: skip
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    before = db["rounds"].count
    for change, message in (
        (("--deadline", "2020-01-01"), "--deadline: 2020-01-01 is in the past"),
        (("--deadline", "31.02.2030"), "--deadline: '31.02.2030' is not a date"),
        (("--opens", "01.01.2020"), "--opens: 2020-01-01 is in the past"),
        (("--frame", "mange penger"), "--frame: 'mange penger' is not an amount"),
        (("--frame", "-5"), "--frame: '-5' is not an amount"),
        (("--frame", "1000,50"), "--frame: '1000,50' is not an amount"),
        (("--form", "kommunalt_rusarbeid@7"), "--form: 'kommunalt_rusarbeid@7' is not a published form version"),
        (("--form", "alle_felt@1"), "--form: 'alle_felt@1' is not a published"),
        (("--county", "99"), "--county: '99' is not a county number"),
        (("--year", "2022"), "--year: kommunalt_rusarbeid@2 is the form for 2021"),
        (("--instalments", "13"), "--instalments: '13': the number of instalments must be 1 to 12"),
    ):  # fmt: skip
        args = list(base)
        if change[0] in args:
            args[args.index(change[0]) + 1] = change[1]
        else:
            args += list(change)
        done = run(instance, *args)
        assert done.returncode == 1, (change, done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"formservice round: error: {message}"), line
    assert db["rounds"].count == before
    same_county = run(instance, *base[:5], "34", *base[6:])
    assert (
        same_county.returncode == 1
        and "has a round of kommunalt_rusarbeid for 2021" in same_county.stderr
    )
    assert db["rounds"].count == before


def test_open_change_list_and_close_a_round(instance, run):
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    done = run(instance, "round", "create", "--form", "kommunalt_rusarbeid@2", "--county", "03",
                "--deadline", LATER, "--frame", "1 000 000 kr", "--instalments", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    slug = "rus-2021-ostfold-buskerud-oslo-akershus"  # rus-2021 is Innlandet's; 03 is this office's
    created = rounds.round_by_slug(db, slug)
    assert created["instalments"] == 2 and created["budget_frame"] == "1000000"
    assert created["opens_on"] == rounds.norwegian_today().isoformat()
    edited = run(instance, "round", "edit", slug, "--frame", "1 500 000")
    assert edited.returncode == 0 and "budget_frame 1000000 -> 1500000" in edited.stdout
    assert run(instance, "round", "edit", slug, "--frame", "x").returncode == 1
    listed = run(instance, "round", "list").stdout
    assert slug in listed and "frame 1 500 000 kr" in listed and "open" in listed
    assert any(
        line.split()[:3] == [slug, "kommunalt_rusarbeid@2", "ostfold-buskerud-oslo-akershus"]
        for line in listed.splitlines()
    )
    closed = run(instance, "round", "close", slug)
    assert closed.returncode == 0 and "0 draft(s)" in closed.stdout
    again = run(instance, "round", "close", slug)
    assert again.returncode == 1 and "closed already" in again.stderr
    assert run(instance, "round", "edit", slug, "--frame", "5").returncode == 1
    assert "closed" in run(instance, "round", "list").stdout
    assert run(instance, "round", "close", "finnes-ikke").returncode == 1
    assert [e["action"] for e in events_for_round(db, created["id"])] == [
        "round:create", "round:edit", "round:close"]  # fmt: skip
    assert not rounds.is_open(rounds.round_by_slug(db, slug), rounds.norwegian_today())
