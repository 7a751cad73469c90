/* A button on a page (the "page not found" page) that opens the portal's search.
 *
 * Material opens its search dialog when its search box gets the focus; the box sits in the
 * header, which on a phone shows only as an icon, so a reader who lands on a missing page
 * gets a plain button instead. Clicks are caught on the document, so the button works after
 * instant navigation too.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-qms-open-search]") : null;
    var input = document.querySelector("input.md-search__input");
    if (!button || !input) {
      return;
    }
    event.preventDefault();
    input.focus();
  });
})();
