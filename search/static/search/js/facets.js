/* Filter panels fold on a phone, so that the first results show without
   scrolling. A panel is a <details data-fold-below="48rem" open>: on screens
   narrower than its width it closes, unless it holds a chosen filter link
   ([aria-current]), and it opens again when the screen grows past it. Without
   JavaScript, or on wider screens, it stays open. The search page's facets and
   the portal's listings (the legal documents list) use it. */
(function () {
  "use strict";
  if (!window.matchMedia) { return; }
  document.querySelectorAll("details[data-fold-below]").forEach(function (panel) {
    var wide = window.matchMedia("(min-width: " + panel.getAttribute("data-fold-below") + ")");
    function fit() {
      if (wide.matches) {
        panel.open = true;
      } else if (!panel.querySelector("[aria-current]")) {
        panel.open = false;
      }
    }
    fit();
    if (wide.addEventListener) { wide.addEventListener("change", fit); }
  });
})();
