// What the rules say about a set of answers, in one language: the shape of
// Evaluation.to_json() in formservice/engine/result.py (what `formservice eval` prints).

import { compareCodePoints } from "./functions.js";
import { display } from "./display.js";
import { topFields } from "./evaluate.js";
import { toJson } from "./values.js";

const sorted = (keys) => [...keys].sort(compareCodePoints);

// Every computed value by path: "sum", "group[0].sub".
export function computedPaths(evaluation) {
  const found = {};
  for (const item of topFields(evaluation.definition)) {
    if (item.type === "computed") found[item.id] = [item, evaluation.values[item.id] ?? null];
    for (const sub of item.fields || []) {
      if (sub.type !== "computed") continue;
      (evaluation.values[item.id] || []).forEach((row, index) => {
        found[`${item.id}[${index}].${sub.id}`] = [sub, row[sub.id] ?? null];
      });
    }
  }
  return found;
}

export function report(evaluation, language) {
  const pick = (messages) => Object.fromEntries(
    sorted(Object.keys(messages)).map((path) => [path, messages[path].map((m) => m[language])]),
  );
  const computed = {};
  for (const [path, [field, value]] of Object.entries(computedPaths(evaluation))) {
    const json = toJson(field, value);
    if (json !== null) computed[path] = json;
  }
  const { visible, required } = evaluation;
  return {
    form: `${evaluation.definition.id}@${evaluation.definition.version}`,
    valid: evaluation.isValid,
    computed,
    visible_pages: evaluation.definition.pages.filter((p) => visible[p.id]).map((p) => p.id),
    hidden_fields: sorted(Object.keys(visible).filter((k) => !visible[k] && !k.includes("["))),
    required: sorted(Object.keys(required).filter((k) => required[k])),
    errors: pick(evaluation.errors),
    warnings: pick(evaluation.warnings),
    dropped: sorted(new Set(evaluation.dropped)),
    answers: evaluation.answers,
  };
}

// How each computed value reads on the page, in one language ("–" when there is none).
export function computedDisplays(evaluation, language, catalogue) {
  const shown = {};
  for (const [path, [field, value]] of Object.entries(computedPaths(evaluation))) {
    shown[path] = value === null ? "–" : display(field, value, language, catalogue);
  }
  return shown;
}
