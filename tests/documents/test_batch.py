"""How a batch splits its letters into LibreOffice calls: one template a chunk, evenly sized."""

from __future__ import annotations

from formservice.documents.batch import _chunks


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
