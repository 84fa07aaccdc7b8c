"""A municipality's whole journey by keyboard, counting every press of Tab.

The walk is what a keyboard user does: from wherever focus is after a page loads, press Tab until
the next thing to fill in is focused, answer it (type, choose an option, tick), and go on; press
Enter on «Lagre og fortsett» at the end of each page, on «Legg til …» before a row's fields, and
on «Send inn» at the end. A question that is not on the page yet (it appears only after a save
when the page does not update as the person types) is reached by saving the page with «Lagre
utkast» and carrying on from where the reloaded page puts focus. Only presses of Tab are counted:
typing, arrow keys, Space and Enter are the answers themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from formservice.engine.model import Definition
from formservice.web.filling import posted_pairs

TAB_LIMIT = 200
_ROW_NAME = re.compile(r"^([a-z0-9_]+)-(\d+)-")
_MARK = "() => { window.__keyboardWalk = true; }"
_NAVIGATED = "() => window.__keyboardWalk !== true && document.readyState === 'complete'"
_FOCUSED_NAME = "() => document.activeElement && document.activeElement.getAttribute('name')"


@dataclass
class KeyboardWalk:
    """Tab presses per step of a walk through the pages."""

    page: Any
    steps: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every press of Tab in the walk so far."""
        return sum(presses for _, presses in self.steps)

    @property
    def pages(self) -> int:
        """How many pages were loaded on the way (each save or reload counts)."""
        return sum(1 for where, _ in self.steps if where.startswith("load "))

    def tab_to(self, locator: Any, what: str) -> None:
        """Press Tab until ``locator`` (one element) has focus; count the presses."""
        presses = 0
        while not locator.evaluate("e => e === document.activeElement"):
            if presses == TAB_LIMIT:
                raise AssertionError(f"{what} not reached with {TAB_LIMIT} presses of Tab")
            self.page.keyboard.press("Tab")
            presses += 1
        self.steps.append((what, presses))

    def tab_to_name(self, name: str, what: str) -> None:
        """Press Tab until an input named ``name`` has focus (a radio group is one stop)."""
        presses = 0
        while self.page.evaluate(_FOCUSED_NAME) != name:
            if presses == TAB_LIMIT:
                raise AssertionError(f"{what} not reached with {TAB_LIMIT} presses of Tab")
            self.page.keyboard.press("Tab")
            presses += 1
        self.steps.append((what, presses))

    def press_enter(self, *, navigates: bool | None = True) -> None:
        """Enter on the focused control; wait for the next page when it loads one.

        ``navigates=None``: the control may or may not load a page (a row added with or without
        a reload), so wait a moment for one.
        """
        self.page.evaluate(_MARK)
        self.page.keyboard.press("Enter")
        timeout = 30_000 if navigates else 3_000
        try:
            self.page.wait_for_function(_NAVIGATED, timeout=timeout)
        except Exception:
            if navigates:
                raise
            return
        self.page.wait_for_load_state("load")
        self.steps.append((f"load {self.page.url.split('/kommune/')[-1]}", 0))


def fill_form_page(walk: KeyboardWalk, definition: Definition, page_id: str, answers: dict) -> None:
    """Answer one page of the form by keyboard and press «Lagre og fortsett»."""
    page = walk.page
    for name, value in posted_pairs(definition.page(page_id), answers):
        _reach(walk, name)
        inputs = page.locator(f"[name='{name}']")
        kind = inputs.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind in ("input:radio", "input:checkbox"):
            target = page.locator(f"[name='{name}'][value='{value}']")
            if kind == "input:radio":
                walk.tab_to_name(name, name)
                target.check()  # arrow keys in the group; the group is one Tab stop
            else:
                walk.tab_to(target, f"{name}={value}")
                page.keyboard.press("Space")
        else:
            walk.tab_to(inputs, name)
            if kind.startswith("select"):
                inputs.select_option(value)
            else:
                inputs.fill(value)
    walk.tab_to(page.locator(".actions button[value='next']"), "Lagre og fortsett")
    walk.press_enter()


def _reach(walk: KeyboardWalk, name: str) -> None:
    """Make the input ``name`` appear: add the row it belongs to, or save to reveal it."""
    page = walk.page
    for attempt in range(3):
        if page.locator(f"[name='{name}']:visible").count():
            return
        row = _ROW_NAME.match(name)
        add = page.locator(f"button[value='add:{row.group(1)}']") if row else None
        if add is not None and add.count() == 1 and attempt == 0:
            walk.tab_to(add, f"add {row.group(1)}")
            walk.press_enter(navigates=None)
            continue
        walk.tab_to(page.locator(".actions button[value='save']"), f"save to reveal {name}")
        walk.press_enter()
    raise AssertionError(f"{name} never appeared on {page.url}")


def municipality_journey(
    page: Any, *, username: str, password: str, definition: Definition, answers: dict
) -> KeyboardWalk:
    """Log in, start the form, fill every page, check the answers and submit, by keyboard."""
    walk = KeyboardWalk(page)
    page.goto("/logg-inn")
    walk.steps.append(("load logg-inn", 0))
    walk.tab_to(page.locator("#username"), "username")
    page.keyboard.type(username)
    walk.tab_to(page.locator("#password"), "password")
    page.keyboard.type(password)
    walk.press_enter()
    start = page.locator("form[action*='/runde/'] button", has_text=definition.title["nb"])
    walk.tab_to(start, "start")
    walk.press_enter()
    first = definition.pages[0]
    walk.tab_to(page.locator(f"a[href$='#section-{first.sections[0].id}']"), "first task")
    walk.press_enter()
    visible = [p.id for p in definition.pages]
    for page_id in visible:
        if f"/side/{page_id}" not in page.url:
            continue  # a page the answers hide is skipped by «Lagre og fortsett»
        fill_form_page(walk, definition, page_id, answers)
    assert page.url.split("#")[0].endswith("/oppsummering"), page.url
    walk.tab_to(page.locator("form[action$='/send-inn'] button"), "Send inn")
    walk.press_enter()
    assert page.url.split("#")[0].endswith("/kvittering"), page.url
    return walk
