/* Small enhancements; every page works without them. No network access. */
(function () {
  "use strict";

  // Source reader: '#L12-L14' highlights lines 12 to 14 and scrolls to the first.
  function highlightLines() {
    var m = /^#L(\d+)(?:-L(\d+))?$/.exec(window.location.hash);
    document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!m) return;
    var first = parseInt(m[1], 10), last = m[2] ? parseInt(m[2], 10) : first;
    for (var n = first; n <= last; n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("hl");
    }
    var start = document.getElementById("L" + first);
    if (start) start.scrollIntoView({ block: "start" });
  }

  // Sortable tables: a button in each header; aria-sort tells assistive technology the order.
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-value");
    if (raw !== null && raw !== "" && !isNaN(Number(raw))) return Number(raw);
    var text = cell.textContent.trim();
    var num = Number(text.replace(/[,\s%]/g, ""));
    return text !== "" && !isNaN(num) ? num : text.toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // Numbers page: filters appear only with script; without it every row shows.
  function makeFilterable(form) {
    var table = document.querySelector("table[data-filterable]");
    if (!table) return;
    var selects = form.querySelectorAll("select[data-filter]");
    var count = form.querySelector("[data-count]");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = Array.prototype.every.call(selects, function (select) {
          var want = select.value;
          if (!want) return true;
          var have = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          return have.indexOf(want) !== -1;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " of " + table.tBodies[0].rows.length + " numbers";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.hidden = false;
    apply();
  }

  // "Cite this": the address as the reader sees it, when the site has no configured site_url.
  function fillPermalinks() {
    document.querySelectorAll(".permalink[data-self]").forEach(function (el) {
      if (el.textContent.charAt(0) === "/") el.textContent = window.location.origin + window.location.pathname;
    });
  }

  // "Copy citation": the clipboard API where the page is served securely, else a selected text area and
  // the older copy command; either way the reader is told what happened.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function makeCopyable(block) {
    var button = block.querySelector(".cite-copy");
    var text = block.querySelector(".cite-text");
    var status = block.querySelector(".cite-status");
    if (!button || !text) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var citation = text.textContent.replace(/\s+/g, " ").trim();
      copyText(citation).then(
        function () { if (status) status.textContent = "Citation copied."; },
        function () { if (status) status.textContent = "Copying is not allowed here: select the citation and copy it."; }
      );
    });
  }

  // Material's search panel is a dialog without a name; screen readers announce it as "Search".
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  function init() {
    nameSearchDialog();
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("form[data-filters]").forEach(makeFilterable);
    if (document.querySelector(".src-line")) highlightLines();
    if (window.location.protocol !== "file:") fillPermalinks();
    document.querySelectorAll("[data-cite]").forEach(makeCopyable);
    // Printed links show their full address (print CSS reads data-print-url).
    document.querySelectorAll("article a[href]:not([href^='#'])").forEach(function (a) {
      a.setAttribute("data-print-url", a.href);
    });
  }

  window.addEventListener("hashchange", highlightLines);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
