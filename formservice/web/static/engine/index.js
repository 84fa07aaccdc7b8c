// The browser's copy of formservice's form engine: evaluate a definition (the same JSON the server
// loads) against answers, with the same exact decimals, null rules, functions and messages.
export { evaluate, Evaluation, condition, topFields } from "./evaluate.js";
export { report, computedDisplays, computedPaths } from "./report.js";
export { display } from "./display.js";
export { checkStructure, evaluate as evaluateExpression } from "./expressions.js";
