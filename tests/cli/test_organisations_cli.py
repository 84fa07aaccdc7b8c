"""``formservice org add|show|import``: the register from the command line, all or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from formservice.config import load_settings
from formservice.storage import organisation_search, organisations
from formservice.storage.audit import events_for_organisation
from formservice.storage.db import connect, migrate

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")
KOMMUNER = ROOT / "formservice/data/kommuner.csv"  # the shape of the reference kommuner.csv


def _run(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    return subprocess.run([FORMSERVICE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def _db(instance: Path):
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    migrate(db)
    return db


def test_import_the_357_municipalities_then_complete_them_from_a_second_file(tmp_path):
    instance = tmp_path / "instance"
    source = KOMMUNER
    done = _run(instance, "org", "import", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "357 added, 0 changed, 0 unchanged"
    db = _db(instance)
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    assert lillehammer["name"] == "Lillehammer kommune" and lillehammer["orgnr"] is None
    assert not lillehammer["is_demo"]
    assert len(organisation_search.search_organisations(db, incomplete=True, office_id=None)) == 357

    more = tmp_path / "med-tall.csv"
    more.write_text("kommunenummer,navn,fylkesnummer,organisasjonsnummer,kontonummer,postadresse,"
                    "postnummer,poststed,epost,malform\n3405,Lillehammer,34,974 762 501,9999 12 34000,"
                    "Postboks 986,2626,Lillehammer,post@lillehammer.example,nn\n", "utf-8")  # fmt: skip
    done = _run(instance, "org", "import", str(more))
    assert done.stdout.strip() == "0 added, 1 changed, 0 unchanged", done.stderr
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    assert lillehammer["orgnr"] == "974762501" and lillehammer["account_number"] == "99991234000"
    assert organisations.postal_address(lillehammer) == "Postboks 986\n2626 Lillehammer"
    assert lillehammer["language"] == "nn"
    again = _run(instance, "org", "import", str(source))  # empty cells erase nothing
    assert again.stdout.strip() == "0 added, 0 changed, 357 unchanged"
    [added, imported] = events_for_organisation(db, lillehammer["id"])
    assert added["actor"] == "cli" and imported["action"] == "register:import"
    assert imported["detail"]["changes"]["account_number"] == ["", "99991234000"]

    shown = _run(instance, "org", "show", "974 762 501")
    assert shown.returncode == 0 and "Postboks 986, 2626 Lillehammer" in shown.stdout
    assert "register:import" in shown.stdout


def test_a_file_with_any_bad_row_imports_nothing_and_names_every_line(tmp_path):
    instance = tmp_path / "instance"
    bad = tmp_path / "feil.csv"
    bad.write_text("kommunenummer,navn,fylkesnummer,kontonummer\n3405,Lillehammer,34,\n"
                   "9999,Finnes ikke,34,\n3407,Gjøvik,34,1234\n3405,Lillehammer,34,\n", "utf-8")  # fmt: skip
    done = _run(instance, "org", "import", str(bad))
    assert done.returncode == 1
    assert done.stderr.strip() == f"formservice org: error: 3 problem(s) in {bad}; nothing imported"
    assert done.stdout.splitlines() == [
        f"{bad}:3: kommunenummer: '9999' is not a kommunenummer in the register (4 digits, e.g. 3405)",
        f"{bad}:4: account_number: '1234' is not an account number (11 digits with a valid check digit)",
        f"{bad}:5: kommunenummer 3405 is also on line 2",
    ]
    assert _db(instance)["organisations"].count == 0
    for garbage, message in (
        ("navn;nummer\nx;y\n", "missing column(s): kommunenummer, navn, fylkesnummer"),
        ("", "missing column(s)"),
    ):
        bad.write_text(garbage, "utf-8")
        done = _run(instance, "org", "import", str(bad))
        assert done.returncode == 1 and message in done.stdout, done.stdout
    bad.write_bytes(b"\xff\xfe\x00garbage")
    done = _run(instance, "org", "import", str(bad))
    assert done.returncode == 1 and "cannot read: UnicodeDecodeError" in done.stdout
    done = _run(instance, "org", "import", str(tmp_path / "finnes-ikke.csv"))
    assert done.returncode == 1 and "no such file" in done.stdout


def test_add_an_applicant_for_post_60_with_every_number_checked(tmp_path):
    instance = tmp_path / "instance"
    base = ["org", "add", "--kind", "helseforetak", "--name", "Sykehuset Demo HF", "--county", "34"]
    for extra, message in (
        (["--orgnr", "123456789"], "--orgnr: '123456789' is not an organisation number"),
        (["--orgnr", "983971709", "--account", "1234567"], "--account: '1234567' is not an account"),
        (["--orgnr", "983971709", "--postcode", "26"], "--postcode: '26' is not a postcode"),
        (["--orgnr", "983971709", "--address", "Postboks 1"], "--postcode: a postal address needs"),
        (["--orgnr", "983971709", "--email", "post"], "--email: 'post' is not an e-mail address"),
        (["--orgnr", "983971709", "--language", "en"], "--language: the written standard"),
    ):  # fmt: skip
        done = _run(instance, *base, *extra)
        assert done.returncode == 1 and message in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert _db(instance)["organisations"].count == 0  # never a half-made organisation
    done = _run(instance, *base, "--orgnr", "983 971 709", "--account", "9999.12.34000",
                "--address", "Postboks 104", "--postcode", "2381", "--town", "Brumunddal")  # fmt: skip
    assert done.returncode == 0, done.stderr
    twice = _run(instance, *base, "--orgnr", "983971709")
    assert twice.returncode == 1 and "belongs to Sykehuset Demo HF" in twice.stderr
    municipality = _run(instance, "org", "add", "--kind", "kommune", "--name", "X kommune",
                        "--orgnr", "974762501", "--county", "34")  # fmt: skip
    assert (
        municipality.returncode == 1
        and "--kommunenummer: a municipality needs" in municipality.stderr
    )
    found = organisations.organisation_by_orgnr(_db(instance), "983971709")
    assert found["kind"] == "helseforetak" and found["account_number"] == "99991234000"
    assert _run(instance, "org", "show", "#999").returncode == 1
