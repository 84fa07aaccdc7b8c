"""``formservice render`` and ``formservice letters`` as a template author and caseworker run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.storage.db import connect
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


def _run(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    return subprocess.run([FORMSERVICE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip


def test_render_a_template_with_a_context_file(tmp_path):
    context = tmp_path / "kontekst.json"
    context.write_text(json.dumps({"office": {"name": "SF", "address": "", "orgnr": "", "email": ""},
        "recipient": {"name": "Lom kommune", "orgnr": "1", "address": "", "account": ""},
        "scheme": {"name": "Rus", "chapter": 765, "post": 62, "year": 2021},
        "caseworker": {"name": "S", "title": "t"}, "reference": "R-1", "date": "01.01.2021",
        "reason": "For sent"}), "utf-8")  # fmt: skip
    result = _run(
        tmp_path / "instance",
        "render",
        "avslag.nn",
        str(context),
        "--out",
        str(tmp_path / "a.docx"),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["render", "avslag.nb", "mangler.json"], "mangler.json: no such file"),
     (["render", "ukjent.nb", "x.json"], "unknown letter type 'ukjent'"),
     (["letters", "finnes-ikke"], "no round 'finnes-ikke'")],
)  # fmt: skip
def test_document_commands_fail_with_one_line(tmp_path, args, message):
    (tmp_path / "x.json").write_text("{}", "utf-8")
    result = _run(
        tmp_path / "instance", *[a if a != "x.json" else str(tmp_path / "x.json") for a in args]
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_letters_for_a_round(shipped_instance):
    instance = shipped_instance
    db = connect(instance / "formservice.db")
    positions = [{"title": "Ruskonsulent", "percent": "100", "year": 1, "suggested": "660000",
                  "granted": Decimal(660000), "justification": ""}]  # fmt: skip
    factories.create_submission(db, state="granted", round="rus-2021", organisation="3405",
                                decision={"positions": positions, "instalments": 2})  # fmt: skip
    factories.create_submission(db, state="rejected", round="rus-2021", organisation="3434",
                                decision={"reason": "Søknaden kom for sent.", "instalments": 2})  # fmt: skip
    result = _run(instance, "letters", "rus-2021")
    assert result.returncode == 0, result.stderr
    assert "2 letter(s) made, 0 failed" in result.stdout
    assert "2/2" in result.stderr  # the progress bar
    merged_path = Path(result.stdout.rsplit("merged PDF: ", 1)[1].strip())
    assert merged_path.parent == instance.resolve() / "letters" / "rus-2021"
    merged = PdfReader(str(merged_path))
    text = "".join(page.extract_text() for page in merged.pages)
    assert "Lillehammer kommune" in text and "660 000 kr" in text.replace("\u00a0", " ")
    assert "Lom kommune" in text and "diverre ikkje innvilga" in text  # Lom writes nynorsk
    made = sorted(p.name for p in (instance / "documents").rglob("*") if p.is_file())
    assert len([name for name in made if name.endswith("-bekreftelse-utfyllbar.pdf")]) == 1
