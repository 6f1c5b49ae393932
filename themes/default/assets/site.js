/* OpenChargeback default theme: progressive enhancement only. Every page is
   complete without this file; it adds a light/dark toggle, horizontal
   scrolling boxes for tables, and filtering and sorting for long tables.
   Loaded without `defer` from <head> so a remembered theme is applied before
   the body is painted; everything touching the body waits for the DOM. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORAGE_KEY = "openchargeback-theme";
  var LONG_TABLE = 50;

  // ---------- Light / dark ----------

  function storedTheme() {
    try {
      var value = window.localStorage.getItem(STORAGE_KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (e) {
      return null; // storage can be blocked (privacy settings, some file:// setups)
    }
  }

  function systemDark() {
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function effectiveTheme() {
    return root.getAttribute("data-theme") || (systemDark() ? "dark" : "light");
  }

  var remembered = storedTheme();
  if (remembered) root.setAttribute("data-theme", remembered);

  function addThemeToggle() {
    var header = document.querySelector(".site-header .header-inner");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-toggle";
    button.textContent = "Dark theme";
    function sync() { button.setAttribute("aria-pressed", effectiveTheme() === "dark" ? "true" : "false"); }
    button.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { window.localStorage.setItem(STORAGE_KEY, next); } catch (e) { /* still applies to this page */ }
      sync();
    });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", sync);
    }
    sync();
    header.appendChild(button);
  }

  // ---------- Tables ----------

  // "USD -1,234.56", "-1,234.56 EUR", "12.5%" → number; anything
  // else (ISO dates, names, ids) → null and sorts as text.
  var NUMBER = /^(?:[A-Z]{3}\s*)?([-\u2212]?)\s*([0-9][0-9,\u00a0\u202f]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?:%|[A-Z]{3})?$/;

  function numberValue(text) {
    var match = NUMBER.exec(text);
    if (!match) return null;
    var value = parseFloat(match[2].replace(/[,\u00a0\u202f]/g, ""));
    if (isNaN(value)) return null;
    return match[1] ? -value : value;
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = numberValue(a), y = numberValue(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null) return -1;
    if (y !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0; // plain code-point order: ISO dates sort correctly
  }

  function bodyRows(table) {
    var rows = [];
    for (var i = 0; i < table.tBodies.length; i++) {
      rows.push.apply(rows, Array.prototype.slice.call(table.tBodies[i].rows));
    }
    return rows;
  }

  function wrapForScrolling(table) {
    if (table.parentNode.classList && table.parentNode.classList.contains("table-scroll")) return;
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }

  function addFilter(table, rows, id) {
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var label = document.createElement("label");
    label.textContent = "Filter rows ";
    var input = document.createElement("input");
    input.type = "search";
    input.setAttribute("aria-controls", id);
    label.appendChild(input);
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    function update() {
      var query = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row, i) {
        var match = !query || texts[i].indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown++;
      });
      count.textContent = shown + " of " + rows.length + " rows";
    }
    input.addEventListener("input", update);
    tools.appendChild(label);
    tools.appendChild(count);
    var anchor = table.parentNode.classList.contains("table-scroll") ? table.parentNode : table;
    anchor.parentNode.insertBefore(tools, anchor);
    update();
  }

  function addSorting(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var body = table.tBodies[0];
    if (!head || !body) return;
    var original = Array.prototype.slice.call(body.rows);
    Array.prototype.forEach.call(head.cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = original.map(function (row, i) { return { row: row, text: cellText(row, index), i: i }; });
        keyed.sort(function (a, b) {
          var order = compare(a.text, b.text);
          return (ascending ? order : -order) || a.i - b.i; // ties keep the page's order
        });
        keyed.forEach(function (entry) { body.appendChild(entry.row); });
      });
    });
  }

  function enhanceTables() {
    var tables = document.querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table, n) {
      wrapForScrolling(table);
      var rows = bodyRows(table);
      if (rows.length <= LONG_TABLE) return;
      if (!table.id) table.id = "table-" + (n + 1);
      addFilter(table, rows, table.id);
      addSorting(table);
    });
  }

  function start() {
    addThemeToggle();
    enhanceTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
