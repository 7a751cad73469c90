/* Review banners and register notes from the reader's clock.
 *
 * The build writes a document's review banner for the day it ran, so a page built months ago
 * would keep saying "current" after its review date. Each procedure, form, work instruction and
 * external document page therefore carries its dates as data (an element with data-qms-review:
 * the next date, the build's due-soon window, the role that acts, what the document is, and
 * data-check="edition" on an external document, whose due date is a check for a new edition, not a
 * review). This script compares them with today's date on the reader's machine and writes,
 * replaces or removes the banner. The document register's note after each next review date
 * ("(review overdue)", an element with data-qms-review-note) is rewritten the same way.
 * Without JavaScript the build's banners and notes stay, which is right on the day of the build.
 *
 * It makes no requests and uses no other code. Material's instant navigation swaps pages without
 * reloading scripts, so everything is updated again from Material's document$ observable.
 */
(function () {
  "use strict";

  var DAY = 24 * 60 * 60 * 1000;
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  // Days since 1970 of a calendar date, so the reader's time zone and summer time never
  // shift a date by one.
  function dayNumber(year, month, day) {
    return Math.round(Date.UTC(year, month - 1, day) / DAY);
  }

  function parseDay(text) {
    var match = ISO_DATE.exec(text || "");
    return match ? dayNumber(+match[1], +match[2], +match[3]) : null;
  }

  function today() {
    var now = new Date();
    return dayNumber(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  function makeBanner(kind, title, words, owner, ownerLink) {
    var banner = document.createElement("div");
    banner.className = "admonition " + kind + " qms-review-banner";
    banner.setAttribute("data-qms-review-banner", "reader-clock");
    var heading = document.createElement("p");
    heading.className = "admonition-title";
    heading.textContent = title;
    banner.appendChild(heading);
    var text = document.createElement("p");
    text.appendChild(document.createTextNode(words[0]));
    // keep the owner's link from the build's banner when there was one
    if (ownerLink) {
      text.appendChild(ownerLink.cloneNode(true));
    } else {
      text.appendChild(document.createTextNode(owner));
    }
    text.appendChild(document.createTextNode(words[1]));
    banner.appendChild(text);
    return banner;
  }

  // The title and the words either side of the role, for what falls due and how late it is.
  function wording(data, next, overdue) {
    if (data.getAttribute("data-check") === "edition") {
      return overdue
        ? ["Check for a new edition overdue",
           ["The check for a new edition was due on " + next + ". ", " must check that this edition is still the latest."]]
        : ["Check for a new edition due soon", ["The check for a new edition is due on " + next + ". ", " checks it."]];
    }
    var what = data.getAttribute("data-what") || "document";
    return overdue
      ? ["Review overdue since " + next,
         ["This " + what + " was due for review on " + next + ". It may be out of date. Its owner, ", ", must review it."]]
      : ["Review due on " + next, ["This " + what + " is due for review on " + next + ". Its owner is ", "."]];
  }

  // Days until the element's next date from the reader's clock, or null when its data is unusable.
  function daysLeft(data) {
    var due = parseDay(data.getAttribute("data-next-review"));
    var window_ = parseInt(data.getAttribute("data-due-soon-days"), 10);
    if (due === null || isNaN(window_)) return null;
    return { left: due - today(), window: window_ };
  }

  function updateBanner(data) {
    var days = daysLeft(data);
    if (!days) return;
    var next = data.getAttribute("data-next-review");
    var owner = data.getAttribute("data-owner") || "its owner";

    // The build's banner, or one this script wrote on an earlier run, directly follows the data.
    var old = data.nextElementSibling;
    if (old && !old.classList.contains("qms-review-banner")) old = null;
    var ownerLink = old ? old.querySelector("a[href]") : null;

    var banner = null;
    var overdue = days.left < 0;
    if (overdue || days.left <= days.window) {
      var words = wording(data, next, overdue);
      banner = makeBanner(overdue ? "warning" : "note", words[0], words[1], owner, ownerLink);
    }
    if (old && banner) {
      old.parentNode.replaceChild(banner, old);
    } else if (old) {
      old.parentNode.removeChild(old);
    } else if (banner) {
      data.parentNode.insertBefore(banner, data.nextSibling);
    }
  }

  // The register's note after a next review date: " (review overdue)", " (review due soon)" or nothing.
  function updateNote(note) {
    var days = daysLeft(note);
    if (!days) return;
    var what = note.getAttribute("data-falls-due") || "review";
    var text = days.left < 0 ? " (" + what + " overdue)" : days.left <= days.window ? " (" + what + " due soon)" : "";
    if (note.textContent !== text) note.textContent = text;
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-qms-review]"), updateBanner);
    Array.prototype.forEach.call(document.querySelectorAll("[data-qms-review-note]"), updateNote);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
