// Remembers whether the visitor last used a pointer (mouse, touch, pen) or the keyboard,
// as data-input="pointer" | "keyboard" on <html>. After an htmx swap or a new page the
// focus moves to the new heading or error summary (tabindex="-1", autofocus) for keyboard
// and screen-reader users; site.css hides its focus ring when a click or tap led there.
// Kept for the tab in sessionStorage, so a page reached by a click (a form posted without
// htmx) knows it too.
(function () {
  "use strict";
  var KEY = "madfam-input";
  var root = document.documentElement;
  function set(kind) {
    if (root.getAttribute("data-input") === kind) return;
    root.setAttribute("data-input", kind);
    try {
      window.sessionStorage.setItem(KEY, kind);
    } catch (e) {
      // storage refused (private mode): the attribute alone still works on this page
    }
  }
  try {
    var last = window.sessionStorage.getItem(KEY);
    if (last === "pointer" || last === "keyboard") root.setAttribute("data-input", last);
  } catch (e) {
    // no storage: nothing remembered
  }
  document.addEventListener("pointerdown", function () { set("pointer"); }, true);
  document.addEventListener("keydown", function (event) {
    if (!event.altKey && !event.ctrlKey && !event.metaKey) set("keyboard");
  }, true);
})();
