"""axe-core and the keyboard in the browser: every page must pass WCAG 2.1 A and AA.

``assert_accessible`` injects ``node_modules/axe-core/axe.min.js`` through ``page.evaluate``
(the app's CSP forbids inline scripts; the browser context is made with ``bypass_csp=True``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
TAB_LIMIT = 80

_RUN_AXE = "async (tags) => await axe.run(document, {runOnly: tags, resultTypes: ['violations']})"

# Make the next Tab start from the top of the document, as after loading the page: focus a
# throwaway element placed first in <body>, then remove it. Chromium moves the sequential focus
# navigation starting point to where the removed element was, so the next Tab goes to the first
# focusable element of the page.
_FOCUS_TOP = """() => {
    const marker = document.createElement('span');
    marker.tabIndex = -1;
    document.body.prepend(marker);
    marker.focus();
    marker.remove();
    return document.activeElement === document.body || document.activeElement === null;
}"""
_IS_FOCUSED = "element => element === document.activeElement"
_DESCRIBE_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '<body>';
    const text = (e.innerText || e.value || e.getAttribute('aria-label') || '').trim();
    return `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}> ${text.slice(0, 40)}`;
}"""


@cache
def axe_source() -> str:
    """The axe-core script (``npm ci`` installs it)."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (or `make install`)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """axe's violations on the page as it is now, with the rule sets the law asks for."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, RULES)["violations"]


def format_violations(violations: list[dict]) -> str:
    """One paragraph per violation: rule id, impact, help, and every node's target."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe on the page as it is now; fail listing every violation and where it is."""
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n{format_violations(violations)}"


def tab_until(page, selector: str, limit: int = TAB_LIMIT) -> int:
    """Press Tab (from wherever focus is) until the element is focused; return the presses."""
    target = page.locator(selector)
    assert target.count() == 1, f"{selector} matches {target.count()} elements on {page.url}"
    path = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate(_IS_FOCUSED):
            return presses
        path.append(page.evaluate(_DESCRIBE_FOCUS))
    raise AssertionError(
        f"{selector} was not reached with {limit} presses of Tab on {page.url}; focus went to:\n"
        + "\n".join(path)
    )


def focus_top(page) -> None:
    """Start keyboard navigation over from the top of the page."""
    assert page.evaluate(_FOCUS_TOP), "could not move focus to the top of the page"


def assert_keyboard_reachable(page, selector: str, limit: int = TAB_LIMIT) -> int:
    """Tab from the top of the page until the element is focused; return how many presses.

    Fails after ``limit`` presses, listing where focus went, or if the focused element cannot be
    seen (WCAG 2.4.7: the keyboard user must see where focus is).
    """
    focus_top(page)
    presses = tab_until(page, selector, limit)
    box = page.locator(selector).bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, f"{selector} is focused but not visible"
    return presses
