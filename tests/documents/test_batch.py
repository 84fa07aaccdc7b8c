"""How a batch splits its letters into LibreOffice calls (one template a chunk, evenly sized), and
that chunks rendered ahead of LibreOffice each reach their own letters."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from formservice.documents.batch import _chunks, run_batch
from formservice.documents.kinds import LETTER_KINDS
from formservice.documents.libreoffice import ConverterPool
from formservice.storage import documents, letters, rounds
from formservice.storage.db import connect
from formservice.storage.letters import start_batch
from tests.helpers.letters import decided, demo_instance


def test_each_template_s_letters_are_split_into_even_chunks_of_at_most_the_size():
    rows = [{"kind": "tilskuddsbrev", "language": "nb" if n % 5 else "nn"} for n in range(357)]
    chunks = _chunks(rows, list(range(357)), 20)
    assert sorted(index for chunk in chunks for index in chunk) == list(range(357))
    for chunk in chunks:
        assert len({rows[index]["language"] for index in chunk}) == 1
        assert chunk == sorted(chunk)  # in the batch's order
    sizes = sorted(len(chunk) for chunk in chunks)
    assert sizes == [18] * 4 + [19] * 15  # 72 nynorsk, 285 bokmål letters: no call of a few
    assert _chunks(rows, [0, 1, 2], 2) == [[0], [1, 2]]  # nynorsk, then the bokmål pair
    assert _chunks(rows, [], 20) == []


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_chunks_rendered_ahead_each_reach_their_own_letters(tmp_path):
    """Five letters in chunks of two across a pool of two (four converting threads, one rendering
    ahead): every outcome is its own document's, each letter names its own recipient, and the
    merged PDF keeps the batch's order."""
    settings = demo_instance(tmp_path / "instance")
    names = [f"Rekkefølge {n} kommune" for n in range(5)]
    submissions_made = [decided(settings, name=name, number=40 + n) for n, name in enumerate(names)]
    db = connect(settings["DATABASE"])
    started = start_batch(db, rounds.round_by_slug(db, "rus-2021")["id"], LETTER_KINDS)
    with ConverterPool(2, tmp_path / "pool") as pool:
        result = run_batch(settings, started["id"], pool=pool, chunk=2)
    assert result.failed == []
    rows = letters.batch_documents(db, letters.batch_by_id(db, started["id"]))
    assert [o.document_id for o in result.outcomes] == [row["id"] for row in rows]
    ours = {row["submission_id"]: row for row in rows if row["submission_id"] in submissions_made}
    for submission_id, name in zip(submissions_made, names, strict=True):
        row = documents.document_by_id(db, ours[submission_id]["id"])
        text = " ".join(
            p.extract_text() for p in PdfReader(tmp_path / "instance" / row["pdf_path"]).pages
        )
        assert name in text and all(other not in text for other in names if other != name)
    merged = " ".join(p.extract_text() for p in PdfReader(str(result.merged_pdf)).pages)
    assert [merged.index(name) for name in names] == sorted(merged.index(name) for name in names)
