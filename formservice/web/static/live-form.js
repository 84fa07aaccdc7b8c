// The live form page: the browser's copy of the engine (engine/) evaluates the definition as the
// person types, showing and hiding questions, updating computed values and warnings, and adding
// and removing rows without a reload. Progressive enhancement: without this script (or if it
// fails to start) the page works as the server made it, and the server evaluates every save.

import { computedDisplays, evaluate } from "./engine/index.js";

const form = document.querySelector("form[data-live-form]");
const status = document.getElementById("live-status");
const language = document.documentElement.lang === "nn" ? "nn" : "nb";
const TYPING_PAUSE_MS = 150;

function text(value) {
  return !value ? "" : value[language] || value.nb || "";
}

function pageFields(page) {
  return page.sections.flatMap((section) => section.fields);
}

// The value of one input as WTForms reads it from the post.
function inputValue(root, name, type) {
  const inputs = [...root.querySelectorAll(`[name="${CSS.escape(name)}"]`)];
  if (type === "checkboxes") return inputs.filter((i) => i.checked).map((i) => i.value);
  if (["radio", "yesno"].includes(type) || (inputs[0] && inputs[0].type === "radio")) {
    const checked = inputs.find((i) => i.checked);
    return checked ? checked.value : null;
  }
  if (inputs[0] && inputs[0].type === "checkbox") return inputs[0].checked;
  return inputs[0] ? inputs[0].value : null;
}

function rowsOf(group) {
  return [...form.querySelectorAll(`[data-group="${group}"] [data-rows] > [data-row]`)];
}

// This page's answers as the server will read them when the form is posted.
function pageAnswers(page) {
  const answers = {};
  for (const field of pageFields(page)) {
    const id = field.id;
    // computed and register values are shown, not typed: the stored answers keep them
    if (["computed", "info", "file"].includes(field.type) || field.prefill) continue;
    if (field.type === "group") {
      answers[id] = rowsOf(id).map((row, index) => Object.fromEntries(field.fields
        .filter((sub) => !["computed", "info"].includes(sub.type))
        .map((sub) => [sub.id, inputValue(row, `${id}-${index}-${sub.id}`, sub.type)])));
    } else if (field.type === "likert") {
      answers[id] = Object.fromEntries(field.statements.map((s) => [s.id ?? s.value, inputValue(form, `${id}-${s.id ?? s.value}`, "radio")]));
    } else if (field.type === "declaration") {
      answers[id] = {
        confirmed: inputValue(form, `${id}-confirmed`, "boolean") === true,
        name: inputValue(form, `${id}-name`, "text"),
        title: inputValue(form, `${id}-title`, "text"),
      };
    } else {
      answers[id] = inputValue(form, id, field.type);
    }
  }
  return answers;
}

function labelOf(element) {
  const label = element.matches("section") ? element.querySelector("h2")
    : element.querySelector("legend, label, .ds-label");
  return label ? label.textContent.replace(/\s*\((valgfritt|valfritt)\)\s*$/, "").trim() : "";
}

function warningParagraph(container, index, message, prefix) {
  const p = document.createElement("p");
  p.className = "field-warning";
  p.id = `${container.dataset.input}-warning-${index}`;
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = `${prefix}: `;
  p.append(hidden, text(message));
  return p;
}

function describe(inputId, ids) {
  const input = document.getElementById(inputId);
  if (!input) return;
  const kept = (input.getAttribute("aria-describedby") || "").split(/\s+/)
    .filter((token) => token && !/-warning-\d+$/.test(token));
  const all = [...kept, ...ids];
  if (all.length) input.setAttribute("aria-describedby", all.join(" "));
  else input.removeAttribute("aria-describedby");
}

class LivePage {
  constructor(definition, catalogue, stored) {
    this.definition = definition;
    this.catalogue = catalogue;
    this.stored = stored;
    this.page = definition.pages.find((p) => p.id === form.dataset.page);
    this.today = form.dataset.today;
    this.timer = null;
    this.announced = null;
  }

  evaluate() {
    const answers = { ...this.stored, ...pageAnswers(this.page) };
    return evaluate(this.definition, answers, { catalogue: this.catalogue, today: this.today });
  }

  // Bring the page in line with the rules; return what a screen reader should hear of it.
  update() {
    const evaluation = this.evaluate();
    const state = { shown: new Map(), values: new Map(), warnings: new Map() };
    for (const element of form.querySelectorAll("[data-path]")) {
      if (element.closest("template")) continue;
      const path = element.dataset.path;
      if (!(path in evaluation.visible)) continue;
      element.hidden = !evaluation.visible[path];
      if (!element.hidden && !element.parentElement.closest("[hidden]")) state.shown.set(path, labelOf(element));
    }
    const shown = computedDisplays(evaluation, language, this.catalogue);
    for (const output of form.querySelectorAll("output[data-computed]")) {
      const value = shown[output.dataset.computed] ?? "–";
      if (output.textContent !== value) output.textContent = value;
      const label = document.getElementById(`${output.id}-label`);
      const row = output.closest("[data-row]");
      const where = row ? `, ${row.querySelector("legend").textContent.trim()}` : "";
      state.values.set(output.dataset.computed, `${label ? label.textContent.trim() : ""}${where}: ${value}`);
    }
    for (const container of form.querySelectorAll("[data-warnings-for]")) {
      const messages = evaluation.warnings[container.dataset.warningsFor] || [];
      const wanted = messages.map(text).join("\n");
      if (container.dataset.live === wanted) continue;
      container.dataset.live = wanted;
      container.replaceChildren(...messages.map((m, i) => warningParagraph(container, i + 1, m, status.dataset.warning)));
      describe(container.dataset.input, messages.map((_, i) => `${container.dataset.input}-warning-${i + 1}`));
    }
    for (const [path, messages] of Object.entries(evaluation.warnings)) {
      state.warnings.set(path, messages.map(text).join(" "));
    }
    clearMendedErrors(evaluation);
    return state;
  }

  // Update the page without a word (after a row is added or removed, which says so itself).
  quietly() {
    clearTimeout(this.timer);
    this.announced = this.update();
  }

  // What changed since the last announcement, in one polite sentence or none.
  announce(state) {
    const before = this.announced;
    this.announced = state;
    if (!before) return;
    const parts = [];
    for (const [path, label] of state.shown) if (!before.shown.has(path) && label) parts.push(`${status.dataset.shown}: ${label}`);
    for (const [path, label] of before.shown) if (!state.shown.has(path) && label) parts.push(`${status.dataset.hidden}: ${label}`);
    for (const [path, line] of state.values) if (before.values.get(path) !== line && state.shown.has(path)) parts.push(line);
    for (const [path, line] of state.warnings) if (before.warnings.get(path) !== line) parts.push(`${status.dataset.warning}: ${line}`);
    say(parts.join(". "));
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), TYPING_PAUSE_MS);
  }

  settle() {
    clearTimeout(this.timer);
    this.announce(this.update());
  }
}

// The server's errors from the last save go away as they are put right (none is added while
// typing: new errors come from the server when the page is saved); errors about questions the
// answers now hide are not listed either.
function clearMendedErrors(evaluation) {
  const open = (path) => Boolean(evaluation.errors[path]);
  for (const error of document.querySelectorAll("[data-error-for]")) {
    const mended = !open(error.dataset.errorFor);
    const target = error.matches("li") ? document.getElementById(error.querySelector("a").hash.slice(1)) : null;
    error.hidden = mended || Boolean(target && target.closest("[hidden]"));
  }
  for (const input of form.querySelectorAll("[aria-invalid=true]")) {
    const errors = document.querySelectorAll(`p[data-input="${CSS.escape(input.id)}"]`);
    if (errors.length && [...errors].every((p) => p.hidden)) input.removeAttribute("aria-invalid");
  }
  for (const marked of form.querySelectorAll(".has-error")) {
    const errors = marked.querySelectorAll(":scope > p.field-error, :scope > .ds-field > p.field-error");
    if (errors.length && [...errors].every((p) => p.hidden)) marked.classList.remove("has-error");
  }
  const summary = document.getElementById("error-summary");
  if (summary) summary.hidden = [...summary.querySelectorAll("li")].every((li) => li.hidden);
}

function say(sentence) {
  if (!sentence) return;
  status.textContent = "";
  // a new text node after a pause, so the same words are announced again when repeated
  setTimeout(() => { status.textContent = sentence; }, 50);
}

// Rows: renumber ids, names and labels after an add or remove, so the post reads as the server's.
function renumber(group) {
  rowsOf(group).forEach((row, index) => {
    const pattern = new RegExp(`^(${group}-)(\\d+|__ROW__)(-|$)`);
    const path = new RegExp(`^(${group}\\[)(\\d+|__ROW__)(\\])`);
    for (const element of [row, ...row.querySelectorAll("*")]) {
      for (const attribute of ["id", "name", "for", "aria-describedby", "aria-labelledby", "data-input"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.split(" ").map((v) => v.replace(pattern, `$1${index}$3`)).join(" "));
      }
      for (const attribute of ["data-path", "data-computed", "data-warnings-for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(path, `$1${index}$3`));
      }
      if (element.matches("button[value^='remove:']")) {
        element.value = `remove:${group}:${index}`;
        element.textContent = element.textContent.trim().replace(/(\d+|__NUMBER__)$/, String(index + 1));
      }
      if (element.matches("[data-row-number]")) element.textContent = String(index + 1);
    }
  });
}

function firstInput(row) {
  return row.querySelector("input:not([type=hidden]), select, textarea");
}

function rowControls(live, fieldset) {
  const group = fieldset.dataset.group;
  const max = Number(fieldset.dataset.maxRows);
  const add = fieldset.querySelector(`button[value="add:${group}"]`);
  const note = fieldset.querySelector("[data-max-rows-note]");
  const template = fieldset.querySelector("template[data-row-template]");
  const label = fieldset.dataset.rowLabel;
  const limit = () => {
    const full = rowsOf(group).length >= max;
    add.hidden = full;
    note.hidden = !full;
  };
  const name = (n) => `${label.charAt(0).toUpperCase()}${label.slice(1)} ${n}`;
  fieldset.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=action]");
    if (!button || !template) return;
    if (button === add) {
      event.preventDefault();
      if (rowsOf(group).length >= max) return;
      const row = template.content.firstElementChild.cloneNode(true);
      fieldset.querySelector("[data-rows]").append(row);
      renumber(group);
      limit();
      live.quietly();
      firstInput(row).focus();
      say(`${name(rowsOf(group).length)} ${status.dataset.added}.`);
    } else if (button.value.startsWith(`remove:${group}:`)) {
      event.preventDefault();
      const rows = rowsOf(group);
      const index = rows.indexOf(button.closest("[data-row]"));
      rows[index].remove();
      renumber(group);
      limit();
      live.quietly();
      const left = rowsOf(group);
      const next = left[Math.min(index, left.length - 1)];
      (next ? firstInput(next) : add).focus();
      say(`${name(index + 1)} ${status.dataset.removed}. ${left.length} ${status.dataset.left}.`);
    }
  });
}

async function start() {
  const response = await fetch(form.dataset.definition, { credentials: "same-origin" });
  if (!response.ok) return;
  const { definition, catalogue } = await response.json();
  const stored = JSON.parse(document.getElementById("form-answers").textContent);
  const live = new LivePage(definition, catalogue, stored);
  if (!live.page) return;
  live.announced = live.update();
  form.addEventListener("input", () => live.schedule());
  form.addEventListener("change", () => live.settle());
  for (const fieldset of form.querySelectorAll("[data-group]")) rowControls(live, fieldset);
  form.dataset.live = "ready";
}

if (form && status) {
  start().catch((error) => {
    // the page stays as the server made it; every save is evaluated there
    form.dataset.live = "failed";
    console.error("live form not started:", error);
  });
}
