/* The main menu on narrow screens: folded behind a "Menu" button, so that a
   phone shows the page and not a screenful of links first. Without JavaScript
   the menu stays unfolded and every link is reachable. */
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  var button = nav && nav.querySelector(".main-nav__button");
  var list = nav && nav.querySelector(".main-nav__list");
  if (!button || !list) { return; }
  nav.classList.add("is-collapsible");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("is-open")) {
      button.setAttribute("aria-expanded", "false");
      nav.classList.remove("is-open");
      button.focus();
    }
  });
})();
