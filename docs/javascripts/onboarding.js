/* Onboarding checklists and the home page role picker (issue 6).
 *
 * Progressive enhancement: without this script an onboarding path is a plain
 * ordered list and the role picker a plain list of links. With it, each step
 * gets a tick box kept in localStorage, the page shows progress and the next
 * step, and the home page remembers the reader's role.
 *
 * Material's instant navigation swaps pages without reloading scripts, so
 * everything is set up again from Material's document$ observable.
 */
(function () {
  "use strict";

  var TICKS_PREFIX = "qms-onboarding:";
  var ROLE_KEY = "qms-my-role";

  function storage() {
    try {
      var store = window.localStorage;
      store.setItem("qms-storage-test", "1");
      store.removeItem("qms-storage-test");
      return store;
    } catch (error) {
      return null;  // private browsing or storage switched off: ticks last until the page closes
    }
  }

  function readTicks(store, pathId) {
    if (!store) return [];
    try {
      var value = JSON.parse(store.getItem(TICKS_PREFIX + pathId) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function writeTicks(store, pathId, ticked) {
    if (!store) return;
    try {
      if (ticked.length) store.setItem(TICKS_PREFIX + pathId, JSON.stringify(ticked));
      else store.removeItem(TICKS_PREFIX + pathId);
    } catch (error) {
      /* storage full or blocked: the ticks still work on this page */
    }
  }

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function setupChecklist(root) {
    if (root.getAttribute("data-qms-ready")) return;
    root.setAttribute("data-qms-ready", "true");
    var pathId = root.getAttribute("data-qms-path");
    var store = storage();
    var items = Array.prototype.slice.call(root.querySelectorAll("li[data-qms-step]"));
    var known = items.map(function (item) { return item.getAttribute("data-qms-step"); });
    var ticked = readTicks(store, pathId).filter(function (id) { return known.indexOf(id) !== -1; });
    var panel = root.querySelector("[data-qms-progress]");
    var bar = root.querySelector("progress");
    var count = root.querySelector("[data-qms-count]");
    var next = root.querySelector("[data-qms-next]");
    var reset = root.querySelector("[data-qms-reset]");
    var boxes = {};

    items.forEach(function (item, index) {
      var stepId = item.getAttribute("data-qms-step");
      var what = item.querySelector(".qms-step__what");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "qms-step__tick";
      box.id = "qms-tick-" + pathId + "-" + stepId;
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.id = box.id + "-label";
      label.textContent = "Step " + (index + 1) + " done";
      box.setAttribute("aria-labelledby", label.id + (what && what.id ? " " + what.id : ""));
      var line = document.createElement("p");
      line.className = "qms-step__done";
      line.appendChild(box);
      line.appendChild(label);
      item.insertBefore(line, item.firstChild);
      box.checked = ticked.indexOf(stepId) !== -1;
      box.addEventListener("change", function () {
        ticked = known.filter(function (id) { return boxes[id].checked; });
        writeTicks(store, pathId, ticked);
        render();
      });
      boxes[stepId] = box;
    });

    function isDone(id) { return ticked.indexOf(id) !== -1; }

    // Prerequisites always come earlier in the list (the build checks it), so the first open step is ready.
    function nextStep() {
      var open = items.filter(function (item) { return !isDone(item.getAttribute("data-qms-step")); });
      return open[0] || null;
    }

    function render() {
      items.forEach(function (item) {
        var done = isDone(item.getAttribute("data-qms-step"));
        item.classList.toggle("qms-step--done", done);
        boxes[item.getAttribute("data-qms-step")].checked = done;
      });
      bar.value = ticked.length;
      count.textContent = ticked.length + " of " + items.length + " steps done";
      var upcoming = nextStep();
      items.forEach(function (item) { item.classList.toggle("qms-step--next", item === upcoming); });
      next.textContent = "";
      if (upcoming) {
        next.appendChild(document.createTextNode("Next: "));
        var link = document.createElement("a");
        link.href = "#" + upcoming.id;
        link.textContent = "step " + (items.indexOf(upcoming) + 1) + ", " +
          text(upcoming.querySelector(".qms-step__what"));
        link.addEventListener("click", function (event) {
          // Go straight to the step's tick box, so keyboard users can tick it next.
          // Material's instant navigation would scroll there but drop the focus.
          var box = boxes[upcoming.getAttribute("data-qms-step")];
          event.preventDefault();
          event.stopPropagation();
          if (window.history && history.replaceState) history.replaceState(history.state, "", "#" + upcoming.id);
          upcoming.scrollIntoView({ block: "start" });
          box.focus();
        });
        next.appendChild(link);
      } else {
        next.textContent = "All steps done. Well done! Tell your manager.";
      }
      reset.disabled = ticked.length === 0;
    }

    reset.addEventListener("click", function () {
      ticked = [];
      writeTicks(store, pathId, ticked);
      render();
      count.setAttribute("tabindex", "-1");  // the button is now disabled: keep keyboard focus nearby
      count.focus();
    });

    window.addEventListener("storage", function (event) {
      if (event.key === TICKS_PREFIX + pathId && document.body.contains(root)) {
        ticked = readTicks(store, pathId).filter(function (id) { return known.indexOf(id) !== -1; });
        render();
      }
    });

    if (!store) {
      var warning = document.createElement("p");
      warning.className = "qms-onboarding__hint";
      warning.textContent = "This browser does not keep your ticks. They go when you leave the page.";
      panel.appendChild(warning);
    }
    panel.hidden = false;
    render();
  }

  function setupRolePicker(list) {
    if (list.getAttribute("data-qms-ready")) return;
    list.setAttribute("data-qms-ready", "true");
    var store = storage();
    if (!store) return;
    list.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a");
      var item = link && link.closest("[data-qms-role]");
      if (item) store.setItem(ROLE_KEY, item.getAttribute("data-qms-role"));
    });
    var mine = store.getItem(ROLE_KEY);
    var item = mine && list.querySelector('[data-qms-role="' + mine.replace(/[^a-z0-9-]/g, "") + '"]');
    if (!item) return;
    item.classList.add("qms-role-picker__mine");
    var badge = document.createElement("strong");
    badge.className = "qms-role-picker__badge";
    badge.textContent = "Your role";
    item.insertBefore(document.createTextNode(" "), item.firstChild);
    item.insertBefore(badge, item.firstChild);
    var forget = document.createElement("button");
    forget.type = "button";
    forget.className = "qms-role-picker__forget";
    forget.textContent = "Not your role?";
    forget.addEventListener("click", function () {
      store.removeItem(ROLE_KEY);
      item.classList.remove("qms-role-picker__mine");
      item.removeChild(badge);
      forget.remove();
    });
    item.appendChild(document.createTextNode(" "));
    item.appendChild(forget);
    list.insertBefore(item, list.firstChild);
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll(".qms-onboarding[data-qms-path]"), setupChecklist);
    Array.prototype.forEach.call(document.querySelectorAll("[data-qms-role-picker]"), setupRolePicker);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
