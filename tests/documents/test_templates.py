"""Every shipped template renders in both languages and says what the regelverk requires."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import check_templates, template_path

ROOT = Path(__file__).resolve().parents[2]


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_shipped_templates_check_clean():
    assert check_templates(ROOT / "letter_templates") == []


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_template_renders_with_its_sample(kind, language):
    text = _text(render_docx(template_path(kind, language), SAMPLES[kind], language=language))
    sample = SAMPLES[kind]  # the office's report has no reference: its summary then
    assert (sample["reference"] if "reference" in sample else sample["summary"][0]) in text


@pytest.mark.parametrize(
    "path", sorted((ROOT / "letter_templates").glob("*.docx")), ids=lambda p: p.name
)
def test_every_template_is_on_a4(path):
    # A Norwegian office prints on A4; python-docx, which builds the templates, starts from US Letter
    for section in Document(path).sections:
        width, height = sorted((section.page_width.cm, section.page_height.cm))
        assert (round(width, 1), round(height, 1)) == (21.0, 29.7)


@pytest.mark.parametrize("kind", ["tilskuddsbrev", "avslag"])
@pytest.mark.parametrize(
    ("language", "sentence"), [("nb", "ikke et enkeltvedtak"), ("nn", "ikkje eit enkeltvedtak")]
)
def test_grant_and_rejection_say_there_is_no_appeal(kind, language, sentence):
    text = _text(render_docx(template_path(kind, language), SAMPLES[kind], language=language))
    assert sentence in text and "§ 28" in text


def test_the_grant_letter_carries_the_terms_and_amounts():
    text = _text(render_docx(template_path("tilskuddsbrev", "nb"), SAMPLES["tilskuddsbrev"]))
    assert "880\u00a0000\u00a0kr" in text
    assert "660\u00a0000\u00a0kr" in text and "100\u00a0% stilling, 1. år" in text
    for phrase in ("bare brukes til lønn", "bekreftelsesskjemaet", "2 utbetaling", "31.12.2021", "01.02.2022",
                   "kreves tilbake", "faller bort"):  # fmt: skip
        assert phrase in text, phrase


def test_nynorsk_letter_is_in_nynorsk():
    text = _text(
        render_docx(template_path("tilskuddsbrev", "nn"), SAMPLES["tilskuddsbrev"], language="nn")
    )
    assert "Tilskotet skal berre brukast til løn" in text


def test_check_names_a_variable_the_letter_type_does_not_provide(tmp_path):
    document = Document()
    document.add_paragraph("Hei {{ recipient.name }}, {{ ukjent_variabel }}")
    document.save(tmp_path / "avslag.nb.docx")
    problems = check_templates(tmp_path / "avslag.nb.docx")
    assert problems == [
        f"{tmp_path / 'avslag.nb.docx'}: uses ukjent_variabel, which avslag does not provide"
    ]


def test_check_reports_a_badly_named_template_and_missing_ones(tmp_path):
    Document().save(tmp_path / "brev.docx")
    problems = check_templates(tmp_path)
    assert any("brev.docx: not a letter template name" in p for p in problems)
    assert f"{tmp_path / 'kvittering.nn.docx'}: missing" in problems
