/* Accessibility fixes to Material's markup that CSS cannot make (found by axe, issue 6).
 *
 * Material's search box is a dialog without a name; screen readers then announce
 * an unnamed dialog. Search needs JavaScript anyway, so naming it here is enough.
 */
(function () {
  "use strict";

  function nameSearchDialog() {
    Array.prototype.forEach.call(document.querySelectorAll('.md-search[role="dialog"]'), function (dialog) {
      if (!dialog.getAttribute("aria-label") && !dialog.getAttribute("aria-labelledby")) {
        dialog.setAttribute("aria-label", "Search the portal");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(nameSearchDialog);
  } else {
    nameSearchDialog();
  }
})();
