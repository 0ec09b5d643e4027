// Live validation that waits for the visitor. While a calculator recomputes as you type,
// the server reports errors only for the fields you have left or changed, named in the
// X-Calc-Touched header of each htmx request; a submitted form (the Calculate button,
// with or without JavaScript) reports every field. Leaving a field you had not touched
// before asks for a recompute, so an empty required field you tabbed past is reported.
(function () {
  "use strict";
  var HEADER = "X-Calc-Touched";
  var touched = new WeakMap();

  function liveForm(element) {
    var form = element && element.form;
    return form && form.hasAttribute("data-live-validation") ? form : null;
  }

  function namesOf(form) {
    var names = touched.get(form);
    if (!names) {
      names = new Set();
      touched.set(form, names);
    }
    return names;
  }

  function mark(event) {
    var form = liveForm(event.target);
    var name = event.target.name;
    if (!form || !name) return;
    var names = namesOf(form);
    if (names.has(name)) return;
    names.add(name);
    // a change event recomputes by itself; leaving a field does not
    if (event.type === "focusout" && window.htmx) window.htmx.trigger(form, "calc-touched");
  }

  // Capture phase: the name is recorded before htmx builds the request for this event.
  document.addEventListener("change", mark, true);
  document.addEventListener("focusout", mark, true);

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-live-validation")) return;
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "submit") return; // submitted: every field counts
    event.detail.headers[HEADER] = Array.from(namesOf(form)).join(",");
  });
})();
