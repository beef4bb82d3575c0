/* Loaded only by pages of a static copy (`reader build`), where no server
   reads the preferences cookie: apply it before the page is drawn, as the
   server would. Choices are written by reader.js, in the same cookie. */
(function () {
  "use strict";
  var html = document.documentElement;
  var match = document.cookie.match(/(?:^|;\s*)reader_prefs=([^;]*)/);
  if (!match) return;
  var prefs = {};
  match[1].split(".").forEach(function (item) {
    var cut = item.indexOf("-");
    if (cut > 0 && /^[a-z]+-[a-z0-9]+$/.test(item)) prefs[item.slice(0, cut)] = item.slice(cut + 1);
  });
  Object.keys(prefs).forEach(function (name) {
    var value = prefs[name];
    if (value === "1" || value === "0") {
      html.classList.toggle(name, value === "1");
    } else {
      html.className.split(" ").forEach(function (c) {
        if (c.indexOf(name + "-") === 0) html.classList.remove(c);
      });
      html.classList.add(name + "-" + value);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-pref]").forEach(function (button) {
      var name = button.getAttribute("data-pref"), value = prefs[name];
      if (value === undefined || name === "elder") return;
      if (value === "1" || value === "0") {
        button.setAttribute("aria-pressed", String(value === "1"));
        button.value = value === "1" ? "0" : "1";
      } else {
        button.setAttribute("aria-pressed", String(button.value === value));
      }
    });
  });
})();
