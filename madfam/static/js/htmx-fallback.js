// Loads the vendored htmx when the CDN copy did not arrive (offline, blocked, SRI mismatch).
(function () {
  if (window.htmx) return;
  var current = document.currentScript;
  var s = document.createElement("script");
  s.src = current.getAttribute("data-local-src");
  document.head.appendChild(s);
})();
