"""``formservice report ROUND``: the annual report's three files in the office's written standard,
and a one-line error with exit status 1 for a round that does not exist or an --out that is a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from formservice.documents.pdf import pdf_text
from formservice.storage.db import connect
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


def _run(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    return subprocess.run([FORMSERVICE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip


@pytest.mark.parametrize(("args", "message"), [
    (["report", "finnes-ikke"], "no round 'finnes-ikke' (formservice round list shows them)"),
    (["report", "rus-2021", "--out", "README.md"], "README.md: not a folder"),
])  # fmt: skip
def test_bad_input_is_one_line_and_status_1(shipped_instance, args, message):
    result = _run(shipped_instance, *args)
    assert result.returncode == 1
    assert result.stderr == f"formservice report: error: {message}\n"


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_report_in_nynorsk_as_pdf_docx_and_xlsx(shipped_instance, tmp_path):
    (shipped_instance / "config.json").write_text(json.dumps({"OFFICE_LANGUAGE": "nn"}), "utf-8")
    db = connect(shipped_instance / "formservice.db")
    factories.create_submission(db, round="rus-2021", state="granted")
    db.close()
    result = _run(shipped_instance, "report", "rus-2021", "--out", str(tmp_path / "ut"))
    assert result.returncode == 0, result.stderr
    files = [Path(line) for line in result.stdout.splitlines()]
    assert [f.name for f in files] == ["arsrapport-rus-2021.docx", "arsrapport-rus-2021.pdf",
                                       "arsrapport-rus-2021.xlsx"]  # fmt: skip
    text = pdf_text(files[1])
    assert "Beløp mot ramma" in text and "Kommunane" in text
    assert load_workbook(files[2]).sheetnames[-1] == "Kommunar"
