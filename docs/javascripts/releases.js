/* The banner on a page of an older release (issue 7).
 *
 * `qms publish` deploys each release into its own folder next to versions.json
 * (written by mike). Material shows the block `outdated` of overrides/main.html
 * when the release is not the default one (`latest`). This script names both
 * releases and points the banner's link at the same page in the current
 * release, or at that release's home when the page is gone there.
 *
 * The "Page not found" page is one file for every missing address at any
 * depth, so its links start from the absolute folder of the release that built
 * it. The web server may send it for latest/ (a copy of that release) or for an
 * address outside any release. When versions.json names the folder the reader
 * is in, the page's links (data-qms-release-link) and the banner use that
 * folder, so a reader under latest/ stays there.
 *
 * Privacy: it requests only versions.json and a HEAD of one page, both on the
 * same origin as the page itself; anything else is never fetched.
 * Material's instant navigation swaps pages without reloading scripts, so the
 * banner is set up again from Material's document$ observable.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("__config");
  if (!configElement || !window.fetch || !window.URL) return;
  var config;
  try {
    config = JSON.parse(configElement.textContent);
  } catch (error) {
    return;
  }
  // Like Material, resolve the release folder once, from the page this script first ran on.
  var releaseRoot = new URL(config.base || ".", window.location.href);
  if (!/\/$/.test(releaseRoot.pathname)) releaseRoot = new URL(releaseRoot.pathname + "/", releaseRoot);
  var sitesRoot = new URL("../", releaseRoot);
  var defaults = (config.version && config.version["default"]) || "latest";
  if (!Array.isArray(defaults)) defaults = [defaults];

  function sameOrigin(url) {
    return /^https?:$/.test(url.protocol) && url.origin === window.location.origin;
  }

  var versionsRequest = null;
  function versions() {
    if (!versionsRequest) {
      var address = new URL("versions.json", sitesRoot);
      versionsRequest = !sameOrigin(address) ? Promise.resolve([]) :
        window.fetch(address.href, { credentials: "same-origin" })
          .then(function (answer) { return answer.ok ? answer.json() : []; })
          .then(function (list) { return Array.isArray(list) ? list : []; })
          .catch(function () { return []; });
    }
    return versionsRequest;
  }

  function isDefault(entry) {
    var names = [entry.version].concat(entry.aliases || []);
    return defaults.some(function (name) { return names.indexOf(name) >= 0; });
  }

  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return "";
    }
  }

  function folderName(root) {
    var parts = root.pathname.split("/").filter(Boolean);
    return parts.length ? decoded(parts[parts.length - 1]) : "";
  }

  function isRelease(list, folder) {
    return folder !== "" && list.some(function (entry) {
      return entry.version === folder || (entry.aliases || []).indexOf(folder) >= 0;
    });
  }

  // The release folder the reader is in: the first folder of the address below the sites
  // root when versions.json names it, else the folder of the release that built the page.
  function readerRoot(list) {
    var here = window.location.pathname;
    if (here.indexOf(sitesRoot.pathname) !== 0) return releaseRoot;
    var folder = decoded(here.slice(sitesRoot.pathname.length).split("/")[0]);
    return isRelease(list, folder) ? new URL(encodeURIComponent(folder) + "/", sitesRoot) : releaseRoot;
  }

  function pointNotFoundLinks(root) {
    var links = document.querySelectorAll("[data-qms-not-found] a[data-qms-release-link]");
    Array.prototype.forEach.call(links, function (link) {
      var target = new URL(link.getAttribute("data-qms-release-link"), root);
      if (sameOrigin(target)) link.href = target.href;
    });
  }

  function update() {
    var notFound = document.querySelector("[data-qms-not-found]");
    var banner = document.querySelector("[data-qms-outdated]");
    if (!banner && !notFound) return;
    versions().then(function (list) {
      var root = notFound ? readerRoot(list) : releaseRoot;
      if (notFound) pointNotFoundLinks(root);
      updateBanner(banner, list, root);
    });
  }

  function updateBanner(banner, list, root) {
    if (!banner) return;
    var text = banner.querySelector("[data-qms-outdated-text]");
    var link = banner.querySelector("[data-qms-outdated-link]");
    if (!text || !link) return;
    var folder = folderName(root);
    var reading = list.filter(function (entry) {
      return entry.version === folder || (entry.aliases || []).indexOf(folder) >= 0;
    })[0];
    var current = list.filter(isDefault)[0] || list[0];
    if (!reading || !current || reading.version === current.version) return;
    text.textContent = "You are reading release " + reading.version +
      "; the current release is " + current.version + ".";
    var home = new URL(encodeURIComponent(current.version) + "/", sitesRoot);
    link.href = home.href;
    link.textContent = "Go to the home page of release " + current.version + ".";
    var here = window.location.pathname;
    if (here.indexOf(root.pathname) !== 0) return;
    var page = new URL(here.slice(root.pathname.length), home);
    if (page.href === home.href || !sameOrigin(page)) return;
    window.fetch(page.href, { method: "HEAD", credentials: "same-origin" })
      .then(function (answer) {
        if (!answer.ok || window.location.pathname !== here) return;
        link.href = page.href;
        link.textContent = "Read this page in release " + current.version + ".";
      })
      .catch(function () { /* the page is gone there, or the server is away: keep the home link */ });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
