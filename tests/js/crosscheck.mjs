// Evaluate many (definition, answers) cases with the browser engine, for tests/engine/
// test_browser_engine.py to compare with the Python engine's results.
// Usage: node tests/js/crosscheck.mjs INPUT.json OUTPUT.json
// INPUT: {catalogue, definitions: {key: json}, cases: [{definition: key, answers, today}]}.
import fs from "node:fs";
import { engineModule } from "./engine_path.mjs";

const engine = await engineModule("index.js");
const [input, output] = process.argv.slice(2);
const { catalogue, definitions, cases } = JSON.parse(fs.readFileSync(input, "utf8"));

const results = cases.map(({ definition, answers, today }) => {
  try {
    const evaluation = engine.evaluate(definitions[definition], answers, { catalogue, today });
    return {
      nb: engine.report(evaluation, "nb"),
      nn: engine.report(evaluation, "nn"),
      visible: evaluation.visible,
      read_only: evaluation.readOnly,
      shown_nb: engine.computedDisplays(evaluation, "nb", catalogue),
      shown_nn: engine.computedDisplays(evaluation, "nn", catalogue),
    };
  } catch (error) {
    return { crashed: String(error && error.stack) };
  }
});
fs.writeFileSync(output, JSON.stringify(results));
