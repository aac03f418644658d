// A table wider than the screen (a phone) scrolls sideways inside its own box. Say so above the
// table, show the scrollbar, and let the keyboard scroll it (tab to the table, then the arrow keys).
(function () {
  "use strict";
  const HINT = "Tabellen är bredare än skärmen: svep eller rulla i sidled för att se alla kolumner.";

  function caption(table) {
    const c = table.querySelector("caption");
    return c ? c.innerText.replace(/\s+/g, " ").trim() : "Tabell";
  }

  function mark() {
    document.querySelectorAll("main table").forEach(function (table) {
      const box = table.parentElement;
      if (!box || box === document.body) return;
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      let hint = box.previousElementSibling;
      if (!(hint && hint.classList.contains("rullhint"))) hint = null;
      if (scrolls && !hint) {
        hint = document.createElement("p");
        hint.className = "rullhint";
        hint.textContent = HINT;
        box.before(hint);
      }
      if (hint) hint.hidden = !scrolls;
      if (scrolls) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption(table));
        box.classList.add("rullar");
      } else if (box.classList.contains("rullar")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("rullar");
      }
    });
  }

  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
