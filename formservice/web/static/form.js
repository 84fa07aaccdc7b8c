// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary so screen readers announce it and keyboard users start there.
(function () {
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }
  // After a form post Chromium settles focus once the page has loaded, so focus then too.
  if (document.readyState === "complete") {
    focusSummary();
  } else {
    window.addEventListener("load", focusSummary);
  }
})();
