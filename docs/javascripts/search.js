/* The portal's search box: the words it searches for, and a button that opens it.
 *
 * Material's search matches the start of every word typed, so "a" in "raise a PO" matches every
 * word that starts with "a" and lifts pages that happen to have many of them. Before a query
 * goes to Material's search worker, the small words that say nothing (lunr's English stop
 * words, the list `qms search` drops too) are taken out, unless nothing else is left. Material
 * posts the query to its worker as {type: 2, data: "the text"}; the change is made there, on
 * the way out, so the box shows what the reader typed.
 *
 * Material opens its search dialog when its search box gets the focus; the box sits in the
 * header, which on a phone shows only as an icon, so a reader who lands on a missing page
 * gets a plain button instead. Clicks are caught on the document, so the button works after
 * instant navigation too.
 */
(function () {
  "use strict";

  var QUERY = 2; // Material's SearchMessageType.QUERY
  var STOP_WORDS = ("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her " +
    "hers him his how however i if in into is it its just least let like likely may me might most must my " +
    "neither no nor not of off often on only or other our own rather said say says she should since so some " +
    "than that the their them then there these they this tis to too twas us wants was we were what when " +
    "where which while who whom why will with would yet you your").split(" ");
  var stop = {};
  STOP_WORDS.forEach(function (word) { stop[word] = true; });

  function meaningful(query) {
    var words = query.split(/\s+/).filter(function (word) { return word; });
    var kept = words.filter(function (word) { return !stop[word.toLowerCase()]; });
    return kept.length ? kept.join(" ") : query;
  }

  if (typeof Worker !== "undefined" && !Worker.prototype.qmsSearchWords) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === QUERY && typeof message.data === "string") {
        args[0] = { type: message.type, data: meaningful(message.data) };
      }
      return post.apply(this, args);
    };
    Worker.prototype.qmsSearchWords = true;
  }

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
