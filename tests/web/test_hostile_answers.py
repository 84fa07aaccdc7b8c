"""Hostile answers through the real web form: never a 500, kept exactly, shown literally everywhere.

Every input of every shipped definition, and of the test form ``alle_felt`` (every field type), is
a target found by walking the definitions, so a new field is covered with no change here. Targets
get a corpus of naughty strings (10 000 characters, control characters, right-to-left, emoji, SQL,
HTML, Jinja, XML, odd numbers and dates, choices not offered) and values hypothesis generates,
posted the way a browser posts the whole page. This proves, per post:

* 200 with an error summary, or a redirect; never a 500. Every link of the summary reaches an
  element of the page, and every refused answer has its message on its own input;
* the draft keeps exactly what was posted (drafts store answers as typed); an accepted free text is
  the engine's value unchanged; text with characters XML 1.0 forbids (``values._CONTROL``) is
  refused where typed; an uploaded file's name is ``safe_display_name`` of the name sent;
* the re-opened page and check-your-answers show the value literally and no injected markup;
* the acknowledgement (kvittering) of a submission full of naughty text has it literally in the
  DOCX (``{{ 7*7 }}`` stays, not 49) and in the PDF.

What the fuzzing found (and what was fixed) is kept as plain cases in the last test.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from werkzeug.datastructures import MultiDict

from formservice.config import load_settings
from formservice.documents.contexts import acknowledgement
from formservice.documents.jobs import make_document
from formservice.documents.render import render_docx
from formservice.documents.templates import template_path
from formservice.engine import evaluate, load_directory, load_file
from formservice.engine.model import NUMBER_TYPES, Field, Page
from formservice.engine.values import DEFAULT_MAX_LENGTH
from formservice.storage import demo, documents, organisations, rounds, submissions, users
from formservice.storage.db import connect
from formservice.storage.setup import initialise
from formservice.uploads import safe_display_name
from formservice.web import create_app
from formservice.web.filling import posted_pairs
from formservice.web.forms import html_id
from tests import factories
from tests.helpers.app import csrf_token

ROOT = Path(__file__).resolve().parents[2]
ALLE_FELT = ROOT / "tests/fixtures/definitions/alle-felt.json"
_LOADED = load_directory(ROOT / "form_definitions")
# The versions rounds serve: the newest published one of each form and year (older drafts of the
# same year move to it; the 2022 rusarbeid form is a round of its own).
_NEWEST: dict = {}
for _d in sorted(_LOADED.definitions.values(), key=lambda d: d.version):
    if _d.status == "published":
        _NEWEST[_d.id, _d.scheme["year"]] = _d
SHIPPED = {d.key: d for d in _NEWEST.values()}
DEFINITIONS = [*SHIPPED.values(), load_file(ALLE_FELT)[0]]
CATALOG = {d.key: d for d in DEFINITIONS}
ANSWERS = sorted((ROOT / "tests/fixtures/answers").glob("*-complete.json"))
FIXTURES = [json.loads(path.read_text("utf-8")) for path in ANSWERS]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")  # refused where typed
BIDI = re.compile(r"[\u0590-\u08ff\u202a-\u202e]")  # right-to-left text reorders its paragraph
TEXT_INPUTS = {"text", "textarea", "email", "phone", "orgnr", "kontonr", "integer", "decimal",
               "money", "percent", "date", "declaration"}  # fmt: skip
NAUGHTY = [
    ("Lang tekst med æøå og 🙂. " * 400)[:10_000], "Ø" * 300, "nul\x00byte", "\x01\x0b\x1b\x7f",
    "null-bredde\u200b og\ufeffBOM", "\u202egnp.exe", "مرحبا بالعالم", "שלום עולם", "👩‍👩‍👧‍👦 🏳️‍🌈 🇳🇴",
    "'; drop table submissions; --", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}", "{% for x in range(9) %}x{% endfor %}", "{{ ''.__class__.__mro__ }}",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "]]>",
    "1e309", "1e999999999", "-0", "NaN", "١٢٣", "1 234,50", "0x10", "31.02.2024", "2024-13-01", "99999-01-01",
    "&amp; &#0; &lt;", "Linje 1\r\nLinje 2\ttab", "", "   ",
]  # fmt: skip


@dataclass(frozen=True, repr=False)
class Target:
    """One input: a field, or a part of one (group row 0's sub-field, Likert statement, signer)."""

    key: str
    page: Page
    item: Field
    part: str | None = None

    @property
    def field(self) -> Field:
        return self.item.subfield(self.part or "") or self.item

    @property
    def kind(self) -> str:
        return self.item.type if self.item.type in ("likert", "declaration") else self.field.type

    @property
    def path(self) -> str:
        row = "[0]" if self.item.type == "group" else ""
        return self.item.id if self.part is None else f"{self.item.id}{row}.{self.part}"

    def __repr__(self) -> str:
        return f"{self.key}:{self.path}"


def _get(answers: dict[str, Any], target: Target) -> Any:
    value = answers.get(target.item.id)
    value = (value or [{}])[0] if target.item.type == "group" else value
    return value.get(target.part) if target.part and isinstance(value, dict) else value


def _put(answers: dict[str, Any], target: Target, value: str) -> dict[str, Any]:
    answers, kind = copy.deepcopy(answers), target.field.type
    answer: Any = [value] if kind == "checkboxes" else value
    if kind == "computed":
        pass  # not an input: posted by _extra, and must not be stored
    elif target.item.type == "group":
        answers[target.item.id][0][target.part] = answer
    elif target.part:
        answers[target.item.id] = {**(answers.get(target.item.id) or {}), target.part: answer}
    else:
        answers[target.item.id] = answer
    return answers


def _extra(target: Target, value: str) -> list[tuple[str, str]]:
    return [(html_id(target.path), value)] if target.field.type == "computed" else []


def _base(definition: Any) -> dict[str, Any]:
    """A complete answer set if one fits, a row in every group, and every «yes» that shows more."""
    answers = copy.deepcopy(next((a for a in FIXTURES if evaluate(definition, a).is_valid), {}))
    shown = lambda a: sum(evaluate(definition, a).visible.values())  # noqa: E731
    for _, _, item in definition.fields():
        if item.type == "group" and not answers.get(item.id):
            answers[item.id] = [{}]
        if item.prefill:  # the server fills it from its source, whatever is posted
            continue
        if item.type == "yesno" and shown({**answers, item.id: True}) > shown(answers):
            answers[item.id] = True
    return answers


def _targets(definition: Any) -> list[Target]:
    visible, found = evaluate(definition, BASE[definition.key]).visible, []
    for page, _, item in definition.fields():
        parts = {
            "group": [s.id for s in item.fields if s.type != "info"],
            "likert": [s.value for s in item.statements],
            "declaration": ["name", "title"],
        }.get(item.type, [None])
        if visible.get(item.id) and item.type != "info" and not item.prefill:  # prefill: no input
            found += [Target(definition.key, page, item, part) for part in parts]
    return found


BASE = {d.key: _base(d) for d in DEFINITIONS}
ALL_TARGETS = [t for d in DEFINITIONS for t in _targets(d)]
POSTED = [t for t in ALL_TARGETS if t.kind != "file"]
FILES = [t for t in ALL_TARGETS if t.kind == "file"]


class Dom(HTMLParser):
    """What a browser sees: ids, in-page links, input values, texts, and markup that got in."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids, self.links, self.values, self.text, self.injected = set(), set(), {}, "", []
        self._into: tuple[str, str] | None = None
        self._data_block = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        self.ids.add(a.get("id", ""))
        # the live page's answers are a JSON data block (not run; tojson escapes < > &)
        self._data_block = tag == "script" and a.get("type") == "application/json"
        if tag in ("img", "iframe", "svg", "object") or (
            tag == "script" and not a.get("src") and not self._data_block
        ):
            self.injected.append(tag)
        self.injected += [name for name in a if name.startswith("on")]  # onerror=, onload=, …
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.add(a["href"][1:])
        if tag == "input" and a.get("type") == "text":
            self.values[a["id"]] = a.get("value", "")
        if tag in ("textarea", "p") and a.get("id"):
            self._into, self.values[a["id"]] = (tag, a["id"]), ""

    def handle_endtag(self, tag: str) -> None:
        self._data_block = False
        if self._into and tag == self._into[0]:
            if tag == "textarea":  # WTForms starts it with \r\n, which HTML drops
                self.values[self._into[1]] = self.values[self._into[1]].removeprefix("\r\n")
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._data_block:
            return
        self.text += data
        if self._into:
            self.values[self._into[1]] += data


class World:
    """A logged-in municipality user with a draft for every round."""

    def __init__(self, app: Any, username: str) -> None:
        self.db, self.client = connect(app.config["DATABASE"]), app.test_client()
        page = self.client.get("/logg-inn").text
        login = {"csrf_token": csrf_token(page), "username": username, "password": "demo"}
        assert self.client.post("/logg-inn", data=login).status_code == 302
        self.token, self.tasks = csrf_token(self.client.get("/kommune/").text), {}
        user = users.user_by_username(self.db, username)
        organisation = organisations.organisation_by_id(self.db, user["organisation_id"])
        for row in rounds.all_rounds(self.db):  # an empty draft in each, as Start makes it
            draft = factories.create_submission(
                self.db, round=row, organisation=organisation, answers={}
            )
            self.tasks[row["form_key"]] = f"/kommune/skjema/{draft['id']}/"

    def submission(self, key: str) -> dict[str, Any]:
        return submissions.submission_by_id(self.db, int(self.tasks[key].split("/")[-2])) or {}

    def post(self, key, page, answers, extra=(), *, files=None, reset=True, action="save"):
        """Post ``page`` filled with ``answers``, from the base answers unless ``reset`` is off."""
        draft = self.submission(key)
        version = draft["current_version"]
        if reset:
            version = submissions.save_answers(
                self.db, draft["id"], base_version=version, answers=BASE[key], actor=None
            )
        own = [("csrf_token", self.token), ("base_version", str(version)), ("action", action)]
        data = MultiDict([*posted_pairs(page, answers), *extra, *own, *(files or {}).items()])
        url = self.tasks[key] + f"side/{page.id}"
        return self.client.post(url, data=data, content_type="multipart/form-data")

    def get(self, key: str, page: str = "oppsummering") -> Any:
        return self.client.get(self.tasks[key] + page)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "form_definitions", folder / "definitions")
    raw = {**json.loads(ALLE_FELT.read_text("utf-8")), "status": "published"}
    (folder / "definitions/alle-felt.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    config = {
        "INSTANCE_PATH": str(folder / "instance"),
        "DEFINITIONS_DIR": str(folder / "definitions"),
        "TEMPLATES_DIR": str(ROOT / "letter_templates"),
        "DEMO_MODE": True,
    }
    with pytest.MonkeyPatch.context() as patch:
        for definition in DEFINITIONS:  # every round open, later years' too
            patch.setitem(demo.DEMO_OPEN_DAYS, definition.id, 30)
        patch.setattr(demo, "DEMO_YEAR", 9999)
        initialise(load_settings(config), demo=True)
    return create_app(config)


@pytest.fixture(scope="module")
def world(hostile_app: Any) -> World:
    return World(hostile_app, "lillehammer")


def _check(world: World, key: str, page: Page, response: Any, cases: list, summary: bool = False):
    assert response.status_code in (200, 302), (response.status_code, cases)
    stored = submissions.current_answers(world.db, world.submission(key))
    for target, value in cases:  # the draft keeps exactly what was posted; computed is not kept
        expected = [value] if target.field.type == "checkboxes" else value
        if target.field.type == "computed" or (value == "" and target.kind == "declaration"):
            expected = None  # (posted_pairs leaves an empty signer part out)
        assert _get(stored, target) == expected, target
    evaluation = evaluate(CATALOG[key], stored, today=rounds.norwegian_today())
    errors, _ = evaluation.messages_on(page)
    assert (response.status_code == 302) == (not errors), errors
    reopened = world.get(key, f"side/{page.id}")
    shown = [Dom(r.text) for r in (response, reopened) if r.status_code == 200]
    for dom in shown:
        assert not dom.injected and dom.links <= dom.ids, dom.injected
    if response.status_code == 200:  # every refused answer has its message on its own input
        assert {f"{html_id(path)}-error-1" for path in errors} <= shown[0].ids
    check = world.get(key) if summary else None
    assert check is None or check.status_code == 200, "check-your-answers failed"
    check = check and Dom(check.text)
    assert not (check and check.injected)
    for target, value in cases:
        path, visible = target.path, evaluation.visible
        if target.field.type == "computed" or not visible.get(path, visible.get(target.item.id)):
            continue
        refused, typed = path in evaluation.errors, value
        if target.kind in TEXT_INPUTS:
            assert shown[-1].values[html_id(path)] == value, target
            assert refused or not CONTROL.search(typed) or not value.strip(), target
        if target.kind in ("text", "textarea") and not refused and value.strip():
            assert _get(evaluation.values, target) == value, target
            assert not check or value in check.text, target


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.id)
def test_the_naughty_corpus_in_every_input_of_every_page(world, definition):
    for page in definition.pages:
        targets = [t for t in POSTED if t.key == definition.key and t.page.id == page.id]
        for value in NAUGHTY if targets else ():
            answers, extra = BASE[definition.key], []
            for target in targets:
                answers, extra = _put(answers, target, value), extra + _extra(target, value)
            response = world.post(definition.key, page, answers, extra)
            _check(
                world, definition.key, page, response, [(t, value) for t in targets], summary=True
            )


def _values(target: Target) -> st.SearchStrategy[str]:
    hostile = st.one_of(st.sampled_from(NAUGHTY), st.text(max_size=400))
    kind, options = target.field.type, (*target.field.options, *target.item.scale)
    choices = [o.value for o in options]
    choices += {"yesno": ["true", "Ja", " nei "], "municipality": ["3405", "0301 "]}.get(kind, [])
    numbers = st.decimals(min_value=-(10**13), max_value=10**13, places=3).map(str)
    extra = {
        "number": st.one_of(numbers, numbers.map(lambda n: n.replace(".", ","))),
        "date": st.dates().flatmap(lambda d: st.sampled_from([f"{d}", f"{d:%d.%m.%Y}"])),
    }
    if choices:
        return st.one_of(hostile, st.sampled_from(choices), st.sampled_from(choices).map(str.upper))
    return st.one_of(hostile, extra.get("number" if kind in NUMBER_TYPES else kind, hostile))


@pytest.mark.parametrize("kind", sorted({t.kind for t in POSTED}))
def test_generated_values_in_every_field_type(world, kind):
    targets = [t for t in POSTED if t.kind == kind]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def post_one(data):
        target = data.draw(st.sampled_from(targets), label="target")
        value = data.draw(_values(target), label="value")
        answers = _put(BASE[target.key], target, value)
        response = world.post(target.key, target.page, answers, _extra(target, value))
        _check(world, target.key, target.page, response, [(target, value)])

    post_one()


def test_every_field_of_every_definition_is_a_target():
    """So every field type is covered too, and a new field that the base answers hide fails here."""
    for definition in DEFINITIONS:
        targets = [t for t in ALL_TARGETS if t.key == definition.key]
        visible = evaluate(definition, BASE[definition.key]).visible
        sources = {item.prefill["source"] for _, _, item in definition.fields() if item.prefill}
        for _, _, item in definition.fields():
            if "last_year" in sources and not visible.get(item.id):
                continue  # shown only when last year's decisions say so (a 2021 grant)
            wanted = {s.id for s in item.fields if s.type != "info"} or {None}
            got = {t.part if item.type == "group" else None for t in targets if t.item == item}
            assert item.type == "info" or item.prefill or wanted <= got, (definition.key, item.id)


def _pdf() -> bytes:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("target", FILES, ids=repr)
def test_uploads_with_naughty_names_are_kept_safe_and_shown_literally(world, target):
    key, field_id = target.key, target.item.id
    for number, name in enumerate([*(n + ".pdf" for n in NAUGHTY), "../../etc/passwd"]):
        content = _pdf() if number % 8 else b"<script>alert(1)</script>"
        sent = re.sub(r'["\r\n]', lambda m: f"%{ord(m[0]):02X}", name)  # as browsers send it
        upload = {field_id: (io.BytesIO(content), sent)}
        response = world.post(key, target.page, BASE[key], files=upload)
        assert response.status_code in (200, 302), name
        stored = submissions.current_answers(world.db, world.submission(key)).get(field_id)
        page = Dom(world.get(key, f"side/{target.page.id}").text)
        assert not page.injected and page.links <= page.ids
        if not number % 8:  # not a PDF: refused on the field, the stored file kept
            assert stored == BASE[key].get(field_id)
            assert f"{field_id}-error-1" in Dom(response.text).ids
            continue
        shown = stored["filename"]  # Werkzeug reads a browser's %22 as a quote again
        assert shown == safe_display_name(sent.replace("%22", '"')) and 0 < len(shown) <= 120
        assert not re.search(r"[/\\\x00-\x1f\x7f\u200b\u202e\ufeff]", shown), shown
        assert page.values[f"{field_id}-current"] == f"Lastet opp: {shown}"


def _docx_text(data: bytes) -> str:
    body, tags = Document(io.BytesIO(data)).element.body, {qn("w:br"): "\n", qn("w:tab"): "\t"}
    return "\n".join(
        "".join(n.text or "" if n.tag == qn("w:t") else tags.get(n.tag, "") for n in p.iter())
        for p in body.iter(qn("w:p"))
    )


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_acknowledgement_shows_naughty_answers_literally_in_docx_and_pdf(hostile_app):
    world, key = World(hostile_app, "gjovik"), "kommunalt_rusarbeid@2"
    texts = sorted((v for v in NAUGHTY if v.strip() and not CONTROL.search(v)), key=len)[::-1]
    free = [t for t in POSTED if t.key == key and t.kind in ("text", "textarea", "declaration")]
    room = [t.field.max_length or DEFAULT_MAX_LENGTH.get(t.kind, 200) for t in free]
    parts: list[list[str]] = [[] for _ in free]
    for text in texts:  # each into the input with most room left; right-to-left ones alone
        fits = [i for i, p in enumerate(parts) if not p or not BIDI.search(" ".join([*p, text]))]
        n = max(fits, key=lambda i: room[i] - len(" | ".join(parts[i])))
        parts[n].append(text)
        assert len(" | ".join(parts[n])) <= room[n], free[n]
    answers = BASE[key]
    for target, chosen in zip(free, parts, strict=True):
        answers = _put(answers, target, " | ".join(chosen)) if chosen else answers
    for page in CATALOG[key].pages:
        response = world.post(key, page, answers, reset=False, action="next")
        assert response.status_code == 302, re.findall(r"field-error.*?</p>", response.text)
    assert all(text in Dom(world.get(key).text).text for text in texts)
    version = str(world.submission(key)["current_version"])
    sent = world.client.post(
        world.tasks[key] + "send-inn", data={"csrf_token": world.token, "base_version": version}
    )
    assert sent.status_code == 302 and sent.headers["Location"].endswith("kvittering")
    [document] = documents.documents_of_submission(world.db, world.submission(key)["id"])
    assert make_document(dict(hostile_app.config), document["id"]) == "done"
    document = documents.document_by_id(world.db, document["id"])
    instance = Path(hostile_app.config["INSTANCE_PATH"])
    docx = _docx_text((instance / document["docx_path"]).read_bytes())
    for text in texts:  # a browser's \r\n is a line break: each line is there literally
        assert all(line in docx for line in text.split("\r\n")), text[:80]
    assert "{{ 7*7 }}" in docx and "{% for x in range(9) %}x{% endfor %}" in docx
    pdf = " ".join(page.extract_text() for page in PdfReader(instance / document["pdf_path"]).pages)
    for marker in ("{{ 7*7 }}", "<script>alert(1)</script>", "'; drop table submissions; --"):
        assert marker in " ".join(pdf.split()), marker
    context = acknowledgement(world.db, hostile_app.config, {**document, "language": "nn"})
    nynorsk = _docx_text(render_docx(template_path("kvittering", "nn"), context, language="nn"))
    assert all(line in nynorsk for text in texts for line in text.split("\r\n"))


FOUND = [  # (id, field kind, value, what went wrong before it was fixed)
    ("overflow", "money", "1e999999999", "decimal.Overflow in values._parse_number: a 500"),
    ("summary", "money", "1e309", "refused, then check-your-answers gave a 500 (display)"),
    ("likert-link", "likert", "x", "the summary linked a statement to no id (filling._anchor)"),
    ("signer-fffe", "declaration", "Kari\uffff", "U+FFFF passed in a signer's name (structured)"),
]


@pytest.mark.parametrize(
    ("kind", "value"), [pytest.param(kind, value, id=name) for name, kind, value, _ in FOUND]
)
def test_what_fuzzing_found_gets_a_message_on_the_field_and_every_page_still_opens(
    world, kind, value
):
    target = next(t for t in POSTED if t.kind == kind and t.item.type != "group")
    response = world.post(target.key, target.page, _put(BASE[target.key], target, value))
    assert response.status_code == 200 and world.get(target.key).status_code == 200
    page = Dom(response.text)
    assert f"{html_id(target.path)}-error-1" in page.ids and page.links <= page.ids
