/* Suggestions under every search box with data-autocomplete="<suggest API URL>".
   Without JavaScript the search still works: the results page lists suggestions. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(input) {
    var url = input.getAttribute("data-autocomplete");
    var list = document.createElement("ul");
    var timer = null;
    var controller = null;
    var active = -1;
    counter += 1;
    list.id = "search-suggest-" + counter;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function render(items) {
      list.innerHTML = "";
      active = -1;
      if (!items.length) { close(); return; }
      items.forEach(function (item, index) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        li.id = list.id + "-" + index;
        li.setAttribute("role", "option");
        a.href = item.url;
        a.tabIndex = -1;
        a.textContent = (item.number ? item.number + " — " : "") + item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function move(step) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      if (active >= 0) { options[active].removeAttribute("aria-selected"); }
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      var q = input.value.trim();
      window.clearTimeout(timer);
      if (q.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        if (controller) { controller.abort(); }
        controller = "AbortController" in window ? new AbortController() : null;
        fetch(url + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
          signal: controller ? controller.signal : undefined
        }).then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        }).then(function (data) {
          if (input.value.trim() === q) { render(data.suggestions || []); }
        }).catch(function () { /* offline or aborted: the form still works */ });
      }, 200);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("a")[active].href;
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, enhance);
  });
})();
