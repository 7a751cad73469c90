/* The header and footer of every printed sheet.
 *
 * Printed, a page is out of the portal's control, so each sheet says what it is and when it was
 * printed: docs/stylesheets/print.css gives every sheet a footer with page numbers, and this script
 * adds the date of printing from the reader's clock (not the date the site was built) and the
 * document's id, title, revision and status in the header.
 *
 * The header texts come from data-qms-print-left/-right on the page, written at build time as CSS
 * strings in which every character but letters, digits and spaces is escaped. A value of any other
 * form is ignored, so no text on a page can add CSS of its own. An element with the class
 * qms-manual-doc (the whole manual) gets a named page, so each procedure's sheets carry its own header.
 *
 * No requests, no other code; Material's instant navigation swaps pages without reloading scripts,
 * so the rules are made again for each page from document$, and again just before printing.
 */
(function () {
  "use strict";

  var CSS_STRING = /^"(?:[A-Za-z0-9 ]|\\[0-9a-f]{1,6} )*"$/;
  var STYLE_ID = "qms-print-rules";

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function printDate() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function header(element) {
    var left = element.getAttribute("data-qms-print-left") || "";
    var right = element.getAttribute("data-qms-print-right") || "";
    if (!CSS_STRING.test(left) || !CSS_STRING.test(right)) {
      return null;
    }
    return "@top-left { content: " + left + "; } @top-right { content: " + right + "; }";
  }

  function rules() {
    // "\b7 " is the middle dot; the date holds digits and hyphens only
    var text = ['@page { @bottom-center { content: "Uncontrolled when printed \\b7  printed on ' +
      printDate() + ' \\b7  page " counter(page) " of " counter(pages); } }'];
    var elements = document.querySelectorAll("[data-qms-print-left]");
    for (var i = 0; i < elements.length; i++) {
      var boxes = header(elements[i]);
      if (!boxes) {
        continue;
      }
      if (elements[i].classList.contains("qms-manual-doc")) {
        var name = "qms-sheet-" + i;
        elements[i].style.setProperty("page", name);
        text.push("@page " + name + " { " + boxes + " }");
      } else {
        text.push("@page { " + boxes + " }");
      }
    }
    return text.join("\n");
  }

  function update() {
    var style = document.getElementById(STYLE_ID);
    if (!style) {
      style = document.createElement("style");
      style.id = STYLE_ID;
      document.head.appendChild(style);
    }
    style.textContent = rules();
  }

  window.addEventListener("beforeprint", update);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
