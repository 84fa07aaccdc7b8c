// Measures the contrast of every link, button and form control on the page as it is now, and
// hovered and focused. Returns the problems, each a sentence. WCAG 2.1: 1.4.3 (text 4.5:1, large
// text 3:1) and 1.4.11 (control borders and focus indicators 3:1 against what is next to them).
//
// Hover and focus are shown without moving the mouse or the focus: every style rule that names
// :hover, :focus, :focus-visible or :focus-within gets a twin, right after it in the same layer
// and block, that names a class instead (".__c-hover"...), and the element (with its ancestors,
// as a real hover and focus-within would) gets the class while it is measured. A twin has the
// same specificity and comes later, so it wins exactly where the original would. One script run:
// the page cannot change under it, and it leaves the page as it found it.
(selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d", {willReadFrequently: true});
  const parsed = new Map();

  // Any CSS colour (rgb, oklch, color-mix, named...) as [r, g, b, a] with a in 0..1.
  function rgba(css) {
    if (parsed.has(css)) return parsed.get(css);
    let colour = [0, 0, 0, 0];
    if (css && css !== "transparent") {
      paint.clearRect(0, 0, 1, 1);
      paint.fillStyle = "rgba(0, 0, 0, 0)";
      paint.fillStyle = css;
      paint.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
      colour = a === 0 ? [0, 0, 0, 0] : [r, g, b, a / 255];
    }
    parsed.set(css, colour);
    return colour;
  }
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const channel = (v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const show = (c) => `rgb(${c.slice(0, 3).map(Math.round).join(", ")})`;

  // The colour behind an element: its own and its ancestors' backgrounds composed over white.
  // null when a background image (a gradient, a picture) is in the way: that cannot be measured.
  function background(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
      if (style.backgroundImage !== "none" && node !== element) return null;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }
  function opacity(element) {
    let value = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      value *= Number(getComputedStyle(node).opacity);
    }
    return value;
  }
  function shown(element) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") return false;
    if (box.right <= -window.scrollX || box.bottom <= -window.scrollY) return false; // off-screen
    return opacity(element) > 0;
  }
  function describe(element) {
    const tag = element.tagName.toLowerCase();
    const id = element.id ? `#${element.id}` : "";
    const names = [...element.classList].filter((name) => !name.startsWith("__c-"));
    const cls = names.length ? "." + names.join(".") : "";
    const words = (element.innerText || element.value || element.getAttribute("aria-label") || "")
      .trim().replace(/\s+/g, " ").slice(0, 50);
    return `<${tag}${id}${cls}>${words ? " «" + words + "»" : ""}`;
  }
  const isLarge = (style) => {
    const size = parseFloat(style.fontSize);
    return size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  };

  // Shadows as [colour, inset] pairs: "rgb(0, 0, 0) 0px 0px 0px 3px, rgb(...) ... inset".
  function shadows(value) {
    if (!value || value === "none") return [];
    const parts = value.split(/,(?![^(]*\))/);
    return parts.map((part) => {
      const colour = (part.match(/(rgba?|color|oklch|oklab|lab|lch|hsla?)\([^)]*\)/) || ["#000"])[0];
      const lengths = part.replace(colour, "").match(/-?[\d.]+px/g) || [];
      const visible = lengths.slice(2).some((length) => parseFloat(length) !== 0);
      return visible ? [rgba(colour), /\binset\b/.test(part)] : null;
    }).filter(Boolean);
  }

  const problems = [];
  const defaults = new Map();
  function measure(element, state) {
    const style = getComputedStyle(element);
    if (state === "default") {
      defaults.set(element, {border: style.borderTopColor, background: style.backgroundColor});
    }
    if (!shown(element)) return;
    const where = `${state}: ${describe(element)}`;
    const behind = background(element.parentElement || element);
    const own = background(element);

    // The text: the element's own and that of every element inside it that shows text.
    const texts = new Set();
    if (["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName)) {
      if (!["checkbox", "radio", "range", "color", "file", "image"].includes(element.type)) {
        texts.add(element);
      }
    } else {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data.trim() && node.parentElement && shown(node.parentElement)) {
          texts.add(node.parentElement);
        }
      }
    }
    for (const holder of texts) {
      const holderStyle = getComputedStyle(holder);
      const ground = background(holder);
      if (ground === null) continue;
      const ink = rgba(holderStyle.color);
      const seen = over([ink[0], ink[1], ink[2], ink[3] * opacity(holder)], ground);
      const needed = isLarge(holderStyle) ? 3 : 4.5;
      const measured = ratio(seen, ground);
      if (measured < needed) {
        const part = holder === element ? "" : ` (its ${describe(holder)})`;
        problems.push(`${where}${part}: text ${show(seen)} on ${show(ground)} is ` +
          `${measured.toFixed(2)}:1, needs ${needed}:1`);
      }
    }

    // Inputs must be told apart from what surrounds them (1.4.11): by their border or background.
    const bordered = ["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName) &&
      !["submit", "button", "reset", "image", "file"].includes(element.type);
    if (bordered && behind && own && state !== "focus") {
      const edges = ["Top", "Right", "Bottom", "Left"]
        .filter((side) => parseFloat(style[`border${side}Width`]) > 0 && style[`border${side}Style`] !== "none")
        .map((side) => over(rgba(style[`border${side}Color`]), behind));
      const best = Math.max(ratio(own, behind), ...edges.map((edge) => ratio(edge, behind)));
      if (best < 3) {
        problems.push(`${where}: the control's border and background against ${show(behind)} ` +
          `reach ${best.toFixed(2)}:1, need 3:1`);
      }
    }

    // Focus (2.4.7, 1.4.11): an outline, a shadow, or a border/background that changes on focus.
    if (state === "focus" && behind && own) {
      const before = defaults.get(element) || {};
      const candidates = [];
      if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) {
        const inside = parseFloat(style.outlineOffset) < 0;
        candidates.push(["outline", ratio(over(rgba(style.outlineColor), inside ? own : behind), inside ? own : behind)]);
      }
      for (const [colour, inset] of shadows(style.boxShadow)) {
        const ground = inset ? own : behind;
        candidates.push(["shadow", ratio(over(colour, ground), ground)]);
      }
      if (before.border && before.border !== style.borderTopColor && parseFloat(style.borderTopWidth) >= 1) {
        candidates.push(["border", ratio(over(rgba(style.borderTopColor), behind), behind)]);
      }
      if (before.background && before.background !== style.backgroundColor) {
        const earlier = over(rgba(before.background), behind);
        candidates.push(["background", ratio(own, earlier)]);
      }
      if (!candidates.length) {
        problems.push(`${where}: no visible focus indicator`);
      } else {
        const [kind, best] = candidates.sort((a, b) => b[1] - a[1])[0];
        if (best < 3) {
          problems.push(`${where}: focus indicator (${kind}) reaches ${best.toFixed(2)}:1, needs 3:1`);
        }
      }
    }
  }

  // The twins of the rules for hover and focus, and a sheet that stops transitions.
  const PSEUDO = /:(hover|focus-visible|focus-within|focus)(?![\w-])/g;
  const NAMES_PSEUDO = /:(hover|focus-visible|focus-within|focus)(?![\w-])/;
  const twins = [];
  function twin(container) {
    let rules;
    try {
      rules = container.cssRules;
    } catch (error) {
      return; // a sheet from another origin: none here
    }
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.styleSheet) twin(rule.styleSheet); // @import
      if (rule.selectorText && NAMES_PSEUDO.test(rule.selectorText)) {
        const selectorText = rule.selectorText.replace(PSEUDO, ".__c-$1");
        const text = selectorText + rule.cssText.slice(rule.cssText.indexOf("{") - 1);
        try {
          container.insertRule(text, i + 1);
          twins.push([container, container.cssRules[i + 1]]);
          i++;
        } catch (error) {
          // a selector the browser keeps but will not take back (a vendor prefix): leave it
        }
      }
      if (rule.cssRules && !rule.styleSheet) twin(rule);
    }
  }
  const calm = new CSSStyleSheet();
  calm.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, calm];
  for (const sheet of document.styleSheets) twin(sheet);

  const unclassed = new Set();
  const mark = (node, ...names) => {
    if (!node.hasAttribute("class")) unclassed.add(node);
    node.classList.add(...names);
  };
  const unmark = (node, ...names) => {
    node.classList.remove(...names);
    if (unclassed.has(node)) node.removeAttribute("class");
  };
  const ancestry = (element) => {
    const chain = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) chain.push(node);
    return chain;
  };
  // Elements that look alike (tag, classes, state attributes, colours, background) hover and
  // focus alike: one of each kind is enough.
  const seen = new Set();
  const elements = [...document.querySelectorAll(selector)].filter((element) =>
    !element.disabled && element.getAttribute("aria-disabled") !== "true" &&
    !element.closest("[aria-hidden=true], [inert]"));
  try {
    for (const element of elements) measure(element, "default");
    for (const element of elements) {
      const s = getComputedStyle(element);
      const parent = element.parentElement;
      const kind = [element.tagName, element.className, element.type || "",
        element.getAttribute("aria-invalid"), element.getAttribute("data-variant"), element.checked,
        parent && parent.className, s.color, s.backgroundColor, s.borderTopColor, s.fontSize,
        s.fontWeight, String(background(parent || element))].join("|");
      if (seen.has(kind)) continue;
      seen.add(kind);
      const chain = ancestry(element);
      chain.forEach((node) => mark(node, "__c-hover"));
      measure(element, "hover");
      chain.forEach((node) => unmark(node, "__c-hover"));
      chain.forEach((node) => mark(node, "__c-focus-within"));
      mark(element, "__c-focus", "__c-focus-visible");
      measure(element, "focus");
      unmark(element, "__c-focus", "__c-focus-visible");
      chain.forEach((node) => unmark(node, "__c-focus-within"));
    }
  } finally {
    for (const [container, rule] of twins.reverse()) {
      const index = [...container.cssRules].indexOf(rule);
      if (index >= 0) container.deleteRule(index);
    }
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== calm);
  }
  return problems;
}
