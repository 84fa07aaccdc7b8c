"""Running the browser's JavaScript engine from Python tests, and the Python engine's side of it.

:func:`run_browser_engine` evaluates many cases in one ``node`` process
(``tests/js/crosscheck.mjs``); :func:`python_result` gives the Python engine's result for a case
in the same shape, so a test can compare the two implementations value by value.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from formservice.engine import evaluate
from formservice.engine.browser import browser_catalogue
from formservice.engine.display import display
from formservice.engine.model import Definition
from formservice.engine.result import Evaluation

ROOT = Path(__file__).resolve().parents[2]
CROSSCHECK = ROOT / "tests" / "js" / "crosscheck.mjs"
ENGINE = ROOT / "formservice" / "web" / "static" / "engine"


def node() -> str:
    """The node executable (scripts/install-system-deps.sh installs it)."""
    found = shutil.which("node")
    assert found, "node is missing: run scripts/install-system-deps.sh (Debian's nodejs)"
    return found


def run_browser_engine(
    definitions: dict[str, Definition],
    cases: list[dict[str, Any]],
    tmp_path: Path,
    engine: Path = ENGINE,
) -> list[dict[str, Any]]:
    """The JavaScript engine's results for ``cases`` ({definition: key, answers, today})."""
    source, target = tmp_path / "cases.json", tmp_path / "results.json"
    payload = {
        "catalogue": browser_catalogue(),
        "definitions": {key: d.raw for key, d in definitions.items()},
        "cases": cases,
    }
    source.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    subprocess.run(
        [node(), str(CROSSCHECK), str(source), str(target)],
        check=True,
        timeout=300,
        env={**os.environ, "FORMSERVICE_JS_ENGINE": str(engine)},
    )
    return json.loads(target.read_text("utf-8"))


def _shown(evaluation: Evaluation, language: str) -> dict[str, str]:
    shown = {}
    for _, _, item in evaluation.definition.fields():
        if item.type == "computed":
            value = evaluation.values.get(item.id)
            shown[item.id] = "–" if value is None else display(item, value, language)
        for sub in item.fields:
            if sub.type != "computed":
                continue
            for index, row in enumerate(evaluation.values.get(item.id) or []):
                value = row.get(sub.id)
                path = f"{item.id}[{index}].{sub.id}"
                shown[path] = "–" if value is None else display(sub, value, language)
    return shown


def python_result(definition: Definition, answers: dict[str, Any], today: str) -> dict[str, Any]:
    """The Python engine's result in the shape crosscheck.mjs gives for the browser's."""
    evaluation = evaluate(definition, answers, today=dt.date.fromisoformat(today))
    return json.loads(
        json.dumps(
            {
                "nb": evaluation.to_json("nb"),
                "nn": evaluation.to_json("nn"),
                "visible": evaluation.visible,
                "read_only": evaluation.read_only,
                "shown_nb": _shown(evaluation, "nb"),
                "shown_nn": _shown(evaluation, "nn"),
            },
            ensure_ascii=False,
        )
    )
