/* Sortable, filterable tables that fit the screen.
 *
 * A generated page marks a table by wrapping it in an element with data-qms-table, whose value
 * lists what the table gets:
 *   sort    a button in each column header sorts the rows; aria-sort tells which way.
 *   filter  a labelled text box above the table hides the rows that do not contain the words
 *           typed; a status line says how many rows are shown ("12 of 40 shown").
 *   cards   on a narrow screen each row shows as a block, each value with its column's name
 *           (tables.css); this script copies the header names to the cells for that.
 * The wrapper is also the table's scrolling region: it is focusable (so the keyboard can scroll
 * it) only while the table is wider than the screen.
 *
 * A cell sorts by its data-sort value, else by the datetime of a <time> inside it, else by its
 * text, so a build can write a sortable key where the shown text does not sort ("2 December 2026").
 * Empty cells ("" or "—") always sort last. Material for MkDocs sorts no table by itself (only
 * with the outside tablesort library, which this portal does not load), so nothing sorts twice.
 *
 * No requests, no other code. Material's instant navigation swaps pages without reloading
 * scripts, so the tables are set up again from Material's document$ observable.
 */
(function () {
  "use strict";

  var EMPTY = /^(—|-|)$/;
  var NUMBER = /^[−-]?\d[\d,]*(\.\d+)?\s*%?$/;
  var counter = 0;

  function has(wrapper, feature) {
    return (" " + (wrapper.getAttribute("data-qms-table") || "") + " ").indexOf(" " + feature + " ") >= 0;
  }

  function sortKey(cell) {
    if (!cell) return "";
    if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
    var marked = cell.querySelector("[data-sort]");
    if (marked) return marked.getAttribute("data-sort");
    var time = cell.querySelector("time[datetime]");
    if (time) return time.getAttribute("datetime");
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  function asNumber(key) {
    return parseFloat(key.replace(/−/g, "-").replace(/[,%\s]/g, ""));
  }

  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) return asNumber(a) - asNumber(b);
    return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
  }

  function headerCells(table) {
    var row = table.tHead && table.tHead.rows[0];
    return row ? Array.prototype.slice.call(row.cells) : [];
  }

  function bodyRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.push.apply(rows, body.rows);
    });
    return rows;
  }

  function sortBy(table, column, descending) {
    var body = table.tBodies[0];
    var rows = bodyRows(table).map(function (row, index) {
      return { row: row, key: sortKey(row.cells[column]), index: index };
    });
    rows.sort(function (a, b) {
      var emptyA = EMPTY.test(a.key), emptyB = EMPTY.test(b.key);
      if (emptyA || emptyB) return emptyA === emptyB ? a.index - b.index : (emptyA ? 1 : -1);
      var order = compare(a.key, b.key);
      return (descending ? -order : order) || a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    headerCells(table).forEach(function (th, index) {
      if (index === column) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }

  function makeSortable(table) {
    headerCells(table).forEach(function (th, column) {
      // a header that holds a link or a control cannot become a button as well
      if (th.querySelector("a, button, input, select, textarea")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "qms-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.appendChild(document.createTextNode(" "));  // the arrow may wrap below a long name
      var icon = document.createElement("span");
      icon.className = "qms-sort__icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, column, th.getAttribute("aria-sort") === "ascending");
      });
    });
  }

  function makeFilter(wrapper, table) {
    var id = "qms-filter-" + (++counter);
    var box = document.createElement("div");
    box.className = "qms-table-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = wrapper.getAttribute("data-qms-filter-label") || "Filter this table";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "qms-table-filter__input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "qms-table-filter__count";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    wrapper.parentNode.insertBefore(box, wrapper);

    var rows = bodyRows(table);
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " shown";
    }
    input.addEventListener("input", apply);
    apply();
  }

  // Cards need each value's column name, and the value in one box beside it.
  function prepareCards(wrapper, table) {
    var names = headerCells(table).map(function (th) { return th.textContent.replace(/\s+/g, " ").trim(); });
    bodyRows(table).forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (names[index]) cell.setAttribute("data-label", names[index]);
        var value = document.createElement("span");
        value.className = "qms-cell";
        while (cell.firstChild) value.appendChild(cell.firstChild);
        cell.appendChild(value);
      });
    });
    // Shown as blocks, a table's own semantics can be lost: say them explicitly.
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell) {
        cell.setAttribute("role", cell.tagName === "TH" ? "columnheader" : "cell");
      });
    });
    wrapper.classList.add("qms-table--cards");
  }

  // A named region the keyboard can scroll, while (and only while) there is something to scroll;
  // otherwise a plain box, so that screen readers do not list a landmark for every small table.
  function updateRegion(wrapper) {
    var label = wrapper.getAttribute("aria-label") || wrapper.getAttribute("data-qms-region-label");
    if (wrapper.scrollWidth > wrapper.clientWidth + 1 || wrapper.scrollHeight > wrapper.clientHeight + 1) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      if (label) wrapper.setAttribute("aria-label", label);
    } else {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      if (label) wrapper.setAttribute("data-qms-region-label", label);
      wrapper.removeAttribute("aria-label");  // a name on a plain box is not allowed
    }
  }

  function wrappers() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-qms-table]"));
  }

  // Any other table Material wraps in a scrolling box (help pages, a procedure's notes or general
  // part): a keyboard user must reach it too when it is wider than the screen.
  function plainBoxes() {
    return Array.prototype.filter.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (box) {
      return !box.closest("[data-qms-table]");
    });
  }

  function setUpPlainBox(box) {
    if (!box.hasAttribute("data-qms-region-label")) {
      box.setAttribute("data-qms-region-label", "Table (scrolls sideways)");
    }
    updateRegion(box);
  }

  // The box or its table changes size with the window, the fonts and the filter: check again then.
  var observer = window.ResizeObserver ? new window.ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var wrapper = entry.target.closest("[data-qms-table]") || entry.target.closest(".md-typeset__scrollwrap");
      if (wrapper) updateRegion(wrapper);
    });
  }) : null;

  function setUp() {
    if (observer) observer.disconnect();  // the tables of the page before are gone
    wrappers().forEach(function (wrapper) {
      var table = wrapper.querySelector("table");
      if (!table) return;
      if (!wrapper.hasAttribute("data-qms-ready")) {
        wrapper.setAttribute("data-qms-ready", "");
        if (has(wrapper, "cards")) prepareCards(wrapper, table);
        if (has(wrapper, "sort")) makeSortable(table);
        if (has(wrapper, "filter")) makeFilter(wrapper, table);
      }
      updateRegion(wrapper);
      if (observer) {
        observer.observe(wrapper);
        observer.observe(table);
      }
    });
    plainBoxes().forEach(function (box) {
      setUpPlainBox(box);
      if (observer) observer.observe(box);
    });
  }

  if (!observer) {
    window.addEventListener("resize", function () {
      wrappers().forEach(updateRegion);
      plainBoxes().forEach(updateRegion);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
