"""Every PDF formservice makes for keeping is checked for what an archive needs (pikepdf), and a
PDF/A-1b rendering of every template passes a real ISO 19005-1 validator (PDFBox Preflight)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from formservice.documents.letter_types import LANGUAGES, SAMPLES, template_path

from formservice.archive.pdfa import archival_problems, pdfa_claim
from formservice.documents.batch import Letter, make_letters
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.render import render_docx
from tests.helpers import preflight

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "letter_templates"
KINDS = ("kvittering", "tilskuddsbrev", "bekreftelse", "avslag")
# user text that must not break the archival properties (fonts, structure)
HOSTILE = "Ærlig «test» — 𝔘nicode ½ <script>alert(1)</script> {{ x }} ǅ ĳ ß"


def _context(kind: str) -> dict:
    context = dict(SAMPLES[kind])
    context["recipient"] = dict(context["recipient"], name=f"Lillehammer {HOSTILE}")
    return context


def _convert_every_template(pool: ConverterPool, out: Path) -> dict[str, Path]:
    made = {}
    for kind in KINDS:
        for language in LANGUAGES:
            docx = out / f"{kind}.{language}.docx"
            docx.write_bytes(render_docx(template_path(kind, language, TEMPLATES), _context(kind),
                                         language=language))  # fmt: skip
            made[f"{kind}.{language}"] = pool.convert(docx, docx.with_suffix(".pdf"))
    return made


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> dict[str, Path]:
    """Every PDF that is kept, made as production makes it (PDF/A-2b, the default): each template
    in both languages, and from the batch the letters, their confirmation pages and print file."""
    out = tmp_path_factory.mktemp("kept")
    with ConverterPool(1, tmp_path_factory.mktemp("pool")) as pool:
        made = _convert_every_template(pool, out)
        letters = [Letter(f"brev-{lang}-{kind}", kind, lang, _context(kind), {"orgnr": "993405000"})
                   for kind in ("tilskuddsbrev", "avslag") for lang in LANGUAGES]  # fmt: skip
        batch = make_letters(letters, out / "batch", TEMPLATES, pool=pool)
    for files in batch.files:
        assert files.error is None, files.error
        made[f"{files.key}.letter"] = files.letter_pdf
        if files.confirmation_pdf:
            made[f"{files.key}.confirmation"] = files.confirmation_pdf
            made[f"{files.key}.fillable"] = files.fillable_pdf
    made["merged"] = batch.merged_pdf
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
