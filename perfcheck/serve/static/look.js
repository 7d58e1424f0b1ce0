// perfcheck serve — the look page: sheet tabs, and a click on a finding goes to its cell.
(function () {
  "use strict";
  function show(k) {
    document.querySelectorAll(".sheet").forEach(function (s) { s.classList.toggle("hidden", s.id !== "sheet-" + k); });
    document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("on", t.getAttribute("data-sheet") === String(k)); });
  }
  function go(target) {
    var cell = document.getElementById(target);
    if (!cell) return;
    show(target.split("-")[0].slice(1));
    document.querySelectorAll("td.flash").forEach(function (c) { c.classList.remove("flash"); });
    cell.classList.add("flash");
    cell.scrollIntoView({ block: "center", inline: "center" });
  }
  document.querySelectorAll(".tab").forEach(function (t) {
    t.addEventListener("click", function () { show(t.getAttribute("data-sheet")); });
  });
  document.querySelectorAll("tr.finding.go").forEach(function (row) {
    row.addEventListener("click", function (e) {
      if (e.target.tagName === "A") return;
      go(row.getAttribute("data-target"));
    });
  });
  document.querySelectorAll(".note").forEach(function (n) {
    n.addEventListener("click", function () {
      var f = document.getElementById(n.getAttribute("data-finding"));
      if (f) { f.scrollIntoView({ block: "center" }); f.classList.add("flash"); }
    });
  });
})();
