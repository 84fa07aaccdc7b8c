"""The whole municipality journey by keyboard: how many presses of Tab it takes, and a bound on it.

Before the live form (questions shown only after a save, a reload with focus at the top after each
added row, one «Endre» per answer) the journey took 232 presses over 18 page loads, 39 of them on
check-your-answers; with it, 140 over 11, and 18 there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formservice.engine import load_directory
from tests.helpers.browser import SIGNATORY_PASSWORD
from tests.helpers.keyboard_journey import municipality_journey

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get(
    "kommunalt_rusarbeid", 2
)  # the demo's open 2021 round
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))


def test_the_rusarbeid_journey_by_keyboard(page, signatory):
    username = signatory("3403", "hamar-tastatur")
    walk = municipality_journey(
        page, username=username, password=SIGNATORY_PASSWORD, definition=RUS, answers=COMPLETE
    )
    print(f"\nkeyboard journey: {walk.total} presses of Tab over {walk.pages} page loads")
    for where, presses in walk.steps:
        print(f"  {presses:3d}  {where}")
    # 232 before issue 13; 140 on its branch, 155 with the header's account and API-key links
    assert walk.total <= 160
    assert walk.pages <= 11  # no save just to reveal a question, no reload for a row
    assert dict(walk.steps)["Send inn"] <= 20
