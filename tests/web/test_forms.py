"""WTForms classes built from definition pages: every shipped page builds, and data round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from formservice.engine import evaluate, load_directory, load_file
from formservice.web.filling import posted_pairs
from formservice.web.forms import answers_from_form, html_id, page_form_class

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = load_directory(ROOT / "form_definitions")
ALLE_FELT, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")


@pytest.mark.parametrize(
    ("key", "page_id"),
    [(key, page.id) for key, d in sorted(SHIPPED.definitions.items()) for page in d.pages],
)
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_shipped_page_builds_a_form(app, key, page_id, language):
    definition = SHIPPED.definitions[key]
    page = definition.page(page_id)
    with app.test_request_context():
        form = page_form_class(page, language)(meta={"csrf": False})
        fields = [
            f for s in page.sections for f in s.fields if f.has_value and f.type != "computed"
        ]
        assert {f.id for f in fields if not f.prefill} <= set(form._fields)
        assert not {f.id for f in fields if f.prefill} & set(form._fields)  # never typed


def test_posted_page_becomes_engine_answers(app):
    page = ALLE_FELT.page("side_to")
    posted = MultiDict(
        [
            ("likert-s1", "2"),
            ("likert-s2", "3"),
            ("rader-0-tittel", "Rådgiver"),
            ("rader-0-pst", "50"),
            ("rader-0-aar", "3"),
            ("rader-1-tittel", "Erfaringskonsulent"),
            ("rader-1-pst", "100"),
            ("rader-1-aar", "1"),
            ("soknad", "880 000"),
            ("erklaering-confirmed", "y"),
            ("erklaering-name", "Kari Demo"),
            ("erklaering-title", "Kommunedirektør"),
        ]
    )
    with app.test_request_context(method="POST", data=posted):
        form = page_form_class(page, "nb")(meta={"csrf": False})
        answers = answers_from_form(form, page)
    assert answers["likert"] == {"s1": "2", "s2": "3"}
    assert answers["rader"][1] == {"tittel": "Erfaringskonsulent", "pst": "100", "aar": "1"}
    assert answers["erklaering"] == {
        "confirmed": True,
        "name": "Kari Demo",
        "title": "Kommunedirektør",
    }
    result = evaluate(ALLE_FELT, answers)
    assert result.to_json()["computed"]["sum_rader"] == "880000"
    assert "soknad" not in result.warnings


def test_csrf_is_required_by_default(app):
    page = ALLE_FELT.page("side_en")
    with app.test_request_context(method="POST", data={"navn": "x"}):
        form = page_form_class(page, "nb")()
        assert not form.validate()
        assert "csrf_token" in form.errors


@pytest.mark.parametrize(
    ("path", "expected"),
    [("navn", "navn"), ("rader[0].tittel", "rader-0-tittel"), ("likert.s1", "likert-s1"),
     ("erklaering.confirmed", "erklaering-confirmed"), ("rader", "rader")],
)  # fmt: skip
def test_html_id_matches_wtforms_names(path, expected):
    assert html_id(path) == expected


def test_posted_pairs_are_what_a_browser_posts_for_stored_answers(app):
    page = ALLE_FELT.page("side_to")
    stored = {
        "likert": {"s1": "2", "s2": "3"},
        "rader": [{"tittel": "Rådgiver", "pst": "50", "aar": "3"}],
        "soknad": "220000",
        "erklaering": {"confirmed": True, "name": "Kari Demo", "title": "Kommunedirektør"},
    }
    posted = MultiDict(posted_pairs(page, stored))
    with app.test_request_context(method="POST", data=posted):
        answers = answers_from_form(page_form_class(page, "nb")(meta={"csrf": False}), page)
    assert answers["likert"] == stored["likert"]
    assert answers["rader"] == stored["rader"]
    assert answers["erklaering"] == stored["erklaering"]
    assert answers["soknad"] == "220000"


@pytest.mark.parametrize("chosen", ["", "3405", "0301", "not a municipality", None])
def test_the_long_municipality_select_renders_as_wtforms_own_select_would(chosen):
    from wtforms import Form, SelectField
    from wtforms.widgets import Select

    from formservice.web.forms import LongSelect, _municipality_choices

    choices, widget = _municipality_choices("nn")
    assert isinstance(widget, LongSelect) and len(choices) == 358

    class Page(Form):
        kommune = SelectField("Kommune", choices=choices, validate_choice=False)

    form = Page(MultiDict({"kommune": chosen} if chosen is not None else {}))
    assert widget(form.kommune, class_="ds-select") == Select()(form.kommune, class_="ds-select")
    assert (chosen == "3405") == ('<option selected value="3405">' in widget(form.kommune))
