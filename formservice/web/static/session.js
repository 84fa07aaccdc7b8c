// Warns before the login session ends (WCAG 2.2.1) and lets the person stay logged in without
// leaving the page, so nothing typed is lost. The server ends a session after 30 minutes without
// a request and 12 hours after login; the page says when (data-expires-in, in seconds). Pages
// open in other tabs share the end time through localStorage, so a save in one tab keeps the
// others from warning.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var KEY = "formservice-session-end";
  var data = dialog.dataset;
  var warnBefore = Number(data.warnBefore) * 1000;
  var state = { end: Date.now() + Number(data.expiresIn) * 1000, extendable: data.extendable === "true" };
  var timer = null;
  var shown = "";

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (ignored) { /* private mode: this tab still works on its own */ }
  }

  function readShared() {
    try {
      var other = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (other && Number(other.end) > state.end) {
        state = { end: Number(other.end), extendable: Boolean(other.extendable) };
      }
    } catch (ignored) { /* nothing shared */ }
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString(data.lang === "nn" ? "nn-NO" : "nb-NO",
      { hour: "2-digit", minute: "2-digit" });
  }

  function show(part) {
    dialog.querySelectorAll("[data-part]").forEach(function (section) {
      section.hidden = section.getAttribute("data-part") !== part;
    });
    dialog.querySelectorAll("[data-time]").forEach(function (slot) {
      slot.textContent = clock(state.end);
    });
    if (!dialog.open) {
      dialog.showModal();
    }
    if (shown !== part) {
      var first = dialog.querySelector("[data-part='" + part + "'] button");
      if (first) {
        first.focus();
      }
    }
    shown = part;
  }

  function hide() {
    shown = "";
    if (dialog.open) {
      dialog.close();
    }
  }

  function update() {
    readShared();
    window.clearTimeout(timer);
    var now = Date.now();
    if (now >= state.end) {
      show("expired");
      return;
    }
    var warnAt = state.end - warnBefore;
    if (now >= warnAt) {
      if (shown !== "dismissed") {
        show(state.extendable ? "idle" : "absolute");
      }
      timer = window.setTimeout(update, state.end - now);
    } else {
      hide();
      timer = window.setTimeout(update, warnAt - now);
    }
  }

  function extend() {
    var error = dialog.querySelector("[data-error]");
    error.hidden = true;
    window.fetch(data.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.csrf, "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 401) {
        state.end = Date.now();
        return null;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (answer) {
      if (answer) {
        state = { end: Date.now() + answer.expires_in * 1000, extendable: answer.extendable };
        save();
        hide();
      }
      update();
    }).catch(function () {
      error.hidden = false;
    });
  }

  dialog.querySelector("[data-extend]").addEventListener("click", extend);
  dialog.querySelectorAll("[data-close]").forEach(function (button) {
    button.addEventListener("click", function () {
      hide();
      shown = "dismissed";
    });
  });
  dialog.addEventListener("cancel", function () {
    shown = "dismissed";
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      shown = "";
      update();
    }
  });
  save();
  update();
})();
