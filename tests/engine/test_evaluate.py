"""Evaluation: any answers at all give data back (never an exception), in both languages."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formservice.engine import evaluate, load_directory, load_file

ROOT = Path(__file__).resolve().parents[2]
ALLE_FELT, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 2)
NAUGHTY = ["", " ", "\x00", "‮", "😀", "' OR 1=1 --", "<script>", "{{ 7*7 }}", "{% if %}", "1e9999",
           "NaN", "-0", "99999999999999999999999", "1 234,50", "31.02.2021", "x" * 5000]  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(NAUGHTY))  # fmt: skip
answers_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


def _ids(definition) -> list[str]:
    return [f.id for _, _, f in definition.fields()] + ["ukjent"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_any_answers_give_an_evaluation_not_an_exception(data):
    for definition in (ALLE_FELT, RUS):
        answers = data.draw(
            st.dictionaries(st.sampled_from(_ids(definition)), answers_values, max_size=8)
        )
        result = evaluate(definition, answers)
        for messages in (result.errors, result.warnings):
            for texts in messages.values():
                assert all(t["nb"] and t["nn"] for t in texts)
        result.to_json("nn")


def test_messages_in_both_languages():
    result = evaluate(RUS, {"orgnr": "123"})
    assert (
        result.errors["orgnr"][0]["nb"] != result.errors["orgnr"][0]["nn"]
        or result.errors["orgnr"][0]["nb"]
    )
    assert "kommune" in result.errors and result.to_json("nn")["errors"]["kommune"]
