/* Review banners from the reader's clock.
 *
 * The build writes a procedure's review banner for the day it ran, so a page built months ago
 * would keep saying "current" after its review date. Each procedure page therefore carries its
 * review dates as data (an element with data-qms-review: the next review date, the build's
 * due-soon window and the owner). This script compares them with today's date on the reader's
 * machine and writes, replaces or removes the banner. Without JavaScript the build's banner
 * stays, which is right on the day of the build.
 *
 * It makes no requests and uses no other code. Material's instant navigation swaps pages without
 * reloading scripts, so the banner is updated again from Material's document$ observable.
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

  function update() {
    var dates = document.querySelectorAll("[data-qms-review]");
    Array.prototype.forEach.call(dates, function (data) {
      var next = data.getAttribute("data-next-review");
      var due = parseDay(next);
      var window_ = parseInt(data.getAttribute("data-due-soon-days"), 10);
      if (due === null || isNaN(window_)) return;
      var owner = data.getAttribute("data-owner") || "its owner";
      var daysLeft = due - today();

      // The build's banner, or one this script wrote on an earlier run, directly follows the data.
      var old = data.nextElementSibling;
      if (old && !old.classList.contains("qms-review-banner")) old = null;
      var ownerLink = old ? old.querySelector("a[href]") : null;

      var banner = null;
      if (daysLeft < 0) {
        banner = makeBanner("warning", "Review overdue since " + next,
          ["This procedure was due for review on " + next + ". It may be out of date. Its owner, ",
           ", must review it."], owner, ownerLink);
      } else if (daysLeft <= window_) {
        banner = makeBanner("note", "Review due on " + next,
          ["This procedure is due for review on " + next + ". Its owner is ", "."], owner, ownerLink);
      }
      if (old && banner) {
        old.parentNode.replaceChild(banner, old);
      } else if (old) {
        old.parentNode.removeChild(old);
      } else if (banner) {
        data.parentNode.insertBefore(banner, data.nextSibling);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
