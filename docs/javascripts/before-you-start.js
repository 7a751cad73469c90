/* A procedure's definitions and general rules sit in a folded "Read before you start" part, so the
 * first step shows without scrolling. A link into the part (its headings are in the table of
 * contents) opens it first, and so does printing, so no text is hidden where a reader was sent.
 * No requests; with Material's instant navigation the page is checked again after each swap.
 */
(function () {
  "use strict";

  function openAround(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function openForHash() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("details.qms-before")) {
      openAround(target);
      target.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", openForHash);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.qms-before").forEach(function (part) { part.open = true; });
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(openForHash);
  } else {
    document.addEventListener("DOMContentLoaded", openForHash);
  }
})();
