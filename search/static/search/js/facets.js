/* On a phone the filters come before the results: fold them (behind their
   heading) unless one is chosen, so that the first results show without
   scrolling. Without JavaScript, or on wider screens, they stay unfolded. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 47.99rem)").matches) { return; }
  document.querySelectorAll("details.search-facets__panel").forEach(function (panel) {
    if (!panel.querySelector("[aria-current]")) { panel.open = false; }
  });
})();
