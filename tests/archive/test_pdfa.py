"""Every PDF formservice makes for keeping is checked for what an archive needs (pikepdf), and a
PDF/A-1b rendering of every template passes a real ISO 19005-1 validator (PDFBox Preflight)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from formservice.archive.pdfa import archival_problems, pdfa_claim
from formservice.documents.kinds import LANGUAGES
from formservice.documents.kinds import kind as kind_of
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pages import confirmation_forms
from formservice.documents.pdf import merge_pdfs
from formservice.documents.render import render_docx
from tests.helpers import preflight

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "letter_templates"
KINDS = ("kvittering", "tilskuddsbrev", "bekreftelse", "avslag")
# user text that must not break the archival properties (fonts, structure)
HOSTILE = "Ærlig «test» — 𝔘nicode ½ <script>alert(1)</script> {{ x }} ǅ ĳ ß"


def _context(kind: str) -> dict:
    context = dict(kind_of(kind).sample)
    context["recipient"] = dict(context["recipient"], name=f"Lillehammer {HOSTILE}")
    return context


def _convert_every_template(pool: ConverterPool, out: Path) -> dict[str, Path]:
    made = {}
    for kind in KINDS:
        for language in LANGUAGES:
            docx = out / f"{kind}.{language}.docx"
            docx.write_bytes(render_docx(kind_of(kind).template_path(language, TEMPLATES),
                                         _context(kind), language=language))  # fmt: skip
            made[f"{kind}.{language}"] = pool.convert(docx, docx.with_suffix(".pdf"))
    return made


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> dict[str, Path]:
    """Every PDF that is kept, made as production makes it (PDF/A-2b, the default): each template
    in both languages, and from the letters the extra outputs the pipeline makes of them (the
    grant letter's confirmation page and fillable form) and the round's print file."""
    out = tmp_path_factory.mktemp("kept")
    with ConverterPool(1, tmp_path_factory.mktemp("pool")) as pool:
        made = _convert_every_template(pool, out)
    for language in LANGUAGES:
        for letter in ("tilskuddsbrev", "avslag"):
            made[f"brev-{language}-{letter}.letter"] = made[f"{letter}.{language}"]
        letter_pdf = made[f"tilskuddsbrev.{language}"]
        page = out / f"brev-{language}-tilskuddsbrev-bekreftelse.pdf"
        fillable = out / f"brev-{language}-tilskuddsbrev-bekreftelse-utfyllbar.pdf"
        confirmation_forms(letter_pdf, page, fillable, {"orgnr": "993405000"}, language)
        made[f"brev-{language}-tilskuddsbrev.confirmation"] = page
        made[f"brev-{language}-tilskuddsbrev.fillable"] = fillable
    merged = out / "alle-brev.pdf"
    merge_pdfs([made[f"brev-{lang}-{k}.letter"] for lang in LANGUAGES
                for k in ("tilskuddsbrev", "avslag")], merged)  # fmt: skip
    made["merged"] = merged
    return made


def test_every_kept_pdf_is_sound_pdf_a_2b(kept):
    archival = {name: path for name, path in kept.items()
                if not name.endswith(".fillable") and name != "merged"}  # fmt: skip
    assert len(archival) == 8 + 4 + 2  # templates x languages, batch letters, confirmation pages
    for name, path in archival.items():
        assert archival_problems(path, expect="PDF/A-2b") == [], name


def test_the_fillable_form_and_the_print_file_are_not_pdf_a_and_do_not_claim_it(kept):
    """The print file is pypdf's merge (no XMP, no output intent); the fillable confirmation has
    form fields drawn in Helvetica, which is not embedded: neither may claim PDF/A."""
    merged = archival_problems(kept["merged"])
    assert "no pdfaid claim in the XMP metadata" in merged and "no output intent" in merged
    fillable = [path for name, path in kept.items() if name.endswith(".fillable")]
    assert len(fillable) == 2
    for path in fillable:
        assert pdfa_claim(path) is None
        problems = archival_problems(path)
        assert "no pdfaid claim in the XMP metadata" in problems
        assert "font not embedded: /Helvetica" in problems  # the form fields' font


def test_the_checks_find_what_they_look_for(tmp_path, kept):
    """Each check fails on a PDF that has the defect, so a passing test means something."""
    sound = kept["kvittering.nb"]
    with pikepdf.open(sound) as pdf:
        del pdf.Root["/OutputIntents"]
        pdf.save(tmp_path / "no-intent.pdf")
    assert "no output intent" in archival_problems(tmp_path / "no-intent.pdf")
    with pikepdf.open(sound) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
    assert archival_problems(tmp_path / "locked.pdf") == ["encrypted"]
    with pikepdf.open(sound) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                for described in font.get("/DescendantFonts") or [font]:
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in described.FontDescriptor:
                            del described.FontDescriptor[key]
        pdf.save(tmp_path / "bare-fonts.pdf")
    assert any(
        p.startswith("font not embedded") for p in archival_problems(tmp_path / "bare-fonts.pdf")
    )
    with pikepdf.open(sound) as pdf:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1);")
        names = pikepdf.Dictionary(Names=pikepdf.Array(["x", pdf.make_indirect(script)]))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=names)
        pdf.save(tmp_path / "script.pdf")
    assert "JavaScript in the name tree" in archival_problems(tmp_path / "script.pdf")
    with pikepdf.open(sound) as pdf:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe")
        pdf.save(tmp_path / "launch.pdf")
    assert "launch action" in archival_problems(tmp_path / "launch.pdf")
    assert archival_problems(sound, expect="PDF/A-1b") == ["claims PDF/A-2b, not PDF/A-1b"]


@pytest.mark.skipif(not preflight.available(), reason="PDFBox Preflight is not installed")
def test_every_template_rendered_as_pdf_a_1b_passes_preflight(tmp_path, kept):
    with ConverterPool(1, tmp_path / "pool", pdf_version="PDF/A-1b") as pool:
        made = _convert_every_template(pool, tmp_path)
    for path in made.values():
        assert pdfa_claim(path) in ("PDF/A-1a", "PDF/A-1b")  # LibreOffice tags it: 1a includes 1b
        assert archival_problems(path) == []
    default = tmp_path / "standard-2b.pdf"
    default.write_bytes(kept["avslag.nb"].read_bytes())
    results = preflight.validate_pdfa1b([*made.values(), default], tmp_path)
    assert {name: results[name] for name in (p.name for p in made.values())} == {
        path.name: [] for path in made.values()
    }
    # Preflight does refuse: the PDF/A-2b default is not PDF/A-1, and it says so
    assert any(error.startswith("7.11.2") for error in results["standard-2b.pdf"])
