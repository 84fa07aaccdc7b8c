// The receipt refreshes its own list of documents while one is being made: it asks the status
// endpoint (data-status-url) every few seconds, puts the list it gets in place, and says in the
// page's polite live region when the documents are ready. It stops when they are, after
// MAX_TRIES (and then says to try «oppdater» later), or when the session has ended. Without the
// script the list's «oppdater» link reloads the page. The endpoint does not count as activity,
// so polling never keeps an idle session alive.
(function () {
  "use strict";
  var list = document.getElementById("documents");
  var status = document.getElementById("documents-status");
  if (!list || !status || !list.dataset.statusUrl || !window.fetch) {
    return;
  }
  var EVERY_MS = 3000;
  var MAX_TRIES = 60; // three minutes
  var tries = 0;

  function say(text) {
    status.textContent = text;
  }

  function ask() {
    tries += 1;
    window.fetch(list.dataset.statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status); // logged out, or gone: stop quietly
      }
      return response.json();
    }).then(function (answer) {
      if (list.innerHTML.trim() !== answer.html.trim()) {
        list.innerHTML = answer.html; // rendered and escaped by the server's template
      }
      if (!answer.making) {
        say(status.dataset.ready);
      } else if (tries >= MAX_TRIES) {
        say(status.dataset.slow);
      } else {
        window.setTimeout(ask, EVERY_MS);
      }
    }).catch(function () { /* the page still has its «oppdater» link */ });
  }

  window.setTimeout(ask, EVERY_MS);
}());
