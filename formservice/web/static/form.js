// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary so screen readers announce it and keyboard users start there,
// unless the address names a question (an error link from another page), which then takes focus.
(function () {
  function focusStart() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.closest("form") && !target.closest("[hidden]")) {
      target.focus();
      if (document.activeElement === target) {
        return; // a heading (#section-…) takes no focus: then the summary does
      }
    }
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }
  // After a form post Chromium settles focus once the page has loaded, so focus then too.
  if (document.readyState === "complete") {
    focusStart();
  } else {
    window.addEventListener("load", focusStart);
  }
})();
