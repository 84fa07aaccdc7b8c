"""The contrast check itself (tests/helpers/contrast.py) finds what it must, and nothing else."""

from __future__ import annotations

import time

import pytest

from tests.helpers.contrast import contrast_problems, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

STYLE = """
body { background: #fff; color: #1e2b3c; font: 16px sans-serif; }
a, button, input { transition: color 5s, background-color 5s; }
:focus-visible { outline: 3px solid #0062ba; outline-offset: 2px; }
.ok { color: #fff; background: #0062ba; border: 0; padding: .5rem; }
"""


@pytest.fixture
def bare_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _problems(page, body: str, style: str = "") -> list[str]:
    page.set_content(f"<!doctype html><style>{STYLE}{style}</style><body>{body}</body>")
    return contrast_problems(page)


def test_good_links_buttons_and_inputs_pass(bare_page):
    body = """<a href="#x">Lenke</a> <button class="ok">Send inn</button>
    <label for="i">Navn</label><input id="i" style="border: 1px solid #68707c">
    <a class="ok" href="#y" style="font-size: 24px; color: #fff; background: #3f84d6">Stor</a>"""
    assert _problems(bare_page, body) == []


def test_text_in_the_colour_of_its_background_is_found_in_every_state(bare_page):
    body = '<a class="ok" href="#t" style="color: #0062ba">Se over og send inn</a>'
    problems = _problems(bare_page, body)
    assert [p.split(":")[0] for p in problems] == ["default", "hover", "focus"]
    assert "rgb(0, 98, 186) on rgb(0, 98, 186) is 1.00:1, needs 4.5:1" in problems[0]


def test_a_colour_that_only_hover_spoils_is_found(bare_page):
    problems = _problems(
        bare_page, '<button class="ok" id="b">Lagre</button>', "#b:hover { background: #9fc5f0; }"
    )
    assert len(problems) == 1 and problems[0].startswith("hover: <button#b.ok> «Lagre»")


def test_large_text_needs_3_to_1_and_small_text_4_5_to_1(bare_page):
    grey = "color: #838383"  # 3.8:1 on white
    body = f"""<a href="#a" id="small" style="{grey}">Liten</a>
    <a href="#b" id="large" style="{grey}; font-size: 24px">Stor</a>
    <a href="#c" id="bold" style="{grey}; font-size: 19px; font-weight: 700">Halvstor</a>"""
    problems = _problems(bare_page, body)
    assert problems and all("<a#small>" in p for p in problems), problems


def test_text_inside_a_link_is_measured_against_its_own_background(bare_page):
    body = '<a href="#x">Se <span style="background: #0062ba">innsendingen</span></a>'
    problems = _problems(bare_page, body)
    assert problems and "(its <span> «innsendingen»)" in problems[0]


def test_an_input_whose_border_does_not_stand_out_is_found(bare_page):
    body = '<label for="i">Navn</label><input id="i" style="border: 1px solid #dddddd">'
    problems = _problems(bare_page, body)
    assert problems == [
        "default: <input#i>: the control's border and background against rgb(255, 255, 255)"
        " reach 1.36:1, need 3:1",
        "hover: <input#i>: the control's border and background against rgb(255, 255, 255)"
        " reach 1.36:1, need 3:1",
    ]


def test_a_missing_or_faint_focus_indicator_is_found(bare_page):
    body = """<a href="#a" id="none" style="outline: none">Ingen ring</a>
    <a href="#b" id="faint" class="faint">Svak ring</a>"""
    problems = _problems(bare_page, body, ".faint:focus-visible { outline-color: #dddddd; }")
    assert problems == [
        "focus: <a#none> «Ingen ring»: no visible focus indicator",
        "focus: <a#faint.faint> «Svak ring»: focus indicator (outline) reaches 1.36:1, needs 3:1",
    ]


def test_hidden_and_disabled_elements_are_left_out_and_nothing_stays_forced(bare_page):
    body = """<button disabled style="color: #eee">Av</button>
    <a href="#h" style="position: absolute; left: -9999px; color: #fff">Hopp</a>
    <a href="#v" style="position: absolute; width: 1px; height: 1px; overflow: hidden; color: #fff">x</a>
    <a href="#n" id="n">Vanlig</a>"""
    assert _problems(bare_page, body) == []
    assert bare_page.evaluate("document.querySelector('#n').matches(':hover, :focus')") is False
    assert bare_page.evaluate("document.adoptedStyleSheets.length") == 0


def test_a_watched_context_measures_each_page_it_showed_as_that_page_looked(browser):
    """Replayed pages are the kept ones: /b's problem comes from its own <html class>, swapped
    in over /a (same stylesheet); /c has a stylesheet of its own and is loaded anew."""
    origin = "http://kontrast.test"
    sheets = {"/s.css": STYLE + ".dim .ok { color: #0062ba; }", "/t.css": ".pale { color: #ccc; }"}
    pages = {
        "/a": ("", "/s.css", '<button class="ok">Gå videre</button>'),
        "/b": (' class="dim"', "/s.css", '<button class="ok">Lagre</button>'),
        "/c": ("", "/t.css", '<a class="pale" href="/a">Tilbake</a>'),
    }

    def serve(route) -> None:
        path = route.request.url.removeprefix(origin)
        if path in sheets:
            route.fulfill(content_type="text/css", body=sheets[path])
        else:
            html_class, sheet, body = pages[path]
            route.fulfill(
                content_type="text/html; charset=utf-8",
                body=f'<!doctype html><html{html_class}><head><link rel="stylesheet"'
                f' href="{sheet}"></head><body>{body}<script>1</script></body></html>',
            )

    context = browser.new_context()
    try:
        context.route(f"{origin}/**", serve)
        contrast = watch(context)
        page = context.new_page()
        for path in pages:
            page.goto(origin + path)
        deadline = time.monotonic() + 10
        while len(contrast.pages) < len(pages) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        found = contrast.measure()
    finally:
        context.close()
    where = sorted({tuple(problem.split(": ")[:2]) for problem in found})
    assert where == [
        (f"{origin}/b", "default"),
        (f"{origin}/b", "focus"),
        (f"{origin}/b", "hover"),
        (f"{origin}/c", "default"),
        (f"{origin}/c", "focus"),
        (f"{origin}/c", "hover"),
    ], found
