"""Evaluations remembered with their definition, by the exact answers and day they were made for.

A person's save evaluates the whole form, and the page view that follows (the browser's redirect)
evaluates the same answers again; the receipt, the task list and check-your-answers evaluate
answers that have not changed since. :func:`evaluate_remembered` gives the earlier result for the
same definition object, the same day and the same answers, compared as their canonical JSON: the
key holds every input of :func:`~formservice.engine.evaluate.evaluate`, so a result can only ever
be handed to a request that brought identical answers itself, whoever it is (what one organisation
typed never reaches another's page). A new definition version is a new object with a store of its
own. Results are shared between requests and threads: callers must not change them.
:func:`summary_remembered` keeps an evaluation's answers as shown (:func:`.display.summarise`),
per language, with the evaluation: the receipt shows them on every reload.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from formservice.engine.display import PageAnswers, summarise
from formservice.engine.evaluate import evaluate
from formservice.engine.model import Definition
from formservice.engine.result import Evaluation

REMEMBERED_PER_DEFINITION = 256  # the newest evaluations kept per definition, per process
_lock = threading.Lock()


def evaluate_remembered(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date
) -> Evaluation:
    """``evaluate(definition, answers, today=today)``, made once for the same answers and day."""
    try:
        key = (today.isoformat(), json.dumps(answers, sort_keys=True, allow_nan=False))
    except (TypeError, ValueError):  # not plain JSON (or keys of mixed types): not remembered
        return evaluate(definition, answers, today=today)
    store = _store(definition)
    with _lock:
        found = store.get(key)
        if found is not None:
            store.move_to_end(key)
            return found
    result = evaluate(definition, answers, today=today)
    with _lock:
        store[key] = result
        while len(store) > REMEMBERED_PER_DEFINITION:
            store.popitem(last=False)
    return result


def _store(definition: Definition) -> OrderedDict[tuple[str, str], Evaluation]:
    store: Any = definition.__dict__.get("_remembered_evaluations")
    if store is None:
        with _lock:
            store = definition.__dict__.get("_remembered_evaluations")
            if store is None:
                store = OrderedDict()
                object.__setattr__(definition, "_remembered_evaluations", store)
    return store


def summary_remembered(evaluation: Evaluation, language: str) -> list[PageAnswers]:
    """``summarise(evaluation, language)``, made once per evaluation and language."""
    made: Any = evaluation.__dict__.get("_remembered_summaries")
    if made is None:
        made = evaluation.__dict__.setdefault("_remembered_summaries", {})
    if language not in made:
        made[language] = summarise(evaluation, language)
    return made[language]
