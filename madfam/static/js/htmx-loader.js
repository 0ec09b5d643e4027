// Loads htmx from the CDN (pinned, with its SRI hash) and falls back to the vendored
// copy, so htmx always starts: when the CDN fails (DNS error, blocked, SRI mismatch) the
// local copy is loaded at once; when it stalls, the local copy is loaded WAIT_MS after
// DOMContentLoaded. Only one copy ever runs.
//
// The CDN file is first fetched with <link rel="preload"> and turned into a <script>
// only once it has arrived and no other copy was chosen: a <script> element cannot be
// cancelled once inserted, so a CDN copy arriving late would start htmx a second time.
//
// htmx starts on DOMContentLoaded, or at once when the document is "complete". Loaded in
// between (after DOMContentLoaded, before the load event: the usual case for a script
// inserted here) it would wait for a DOMContentLoaded that has already passed, and never
// start. While a copy loads, a DOMContentLoaded listener added after that event runs
// straight away instead.
(function () {
  "use strict";
  var WAIT_MS = 500;
  var loader = document.currentScript;
  var cdnSrc = loader.getAttribute("data-cdn-src");
  var integrity = loader.getAttribute("data-cdn-integrity");
  var localSrc = loader.getAttribute("data-local-src");
  var contentLoaded = document.readyState === "complete";
  var chosen = false;
  var timer = null;

  var loading = 0;
  var nativeAdd = document.addEventListener;
  function lateReady(type, listener, options) {
    if (type !== "DOMContentLoaded" || !contentLoaded) {
      return nativeAdd.call(document, type, listener, options);
    }
    window.setTimeout(function () {
      var event = new Event("DOMContentLoaded");
      if (typeof listener === "function") listener.call(document, event);
      else if (listener && listener.handleEvent) listener.handleEvent(event);
    }, 0);
  }
  function startLoading() {
    if (loading++ === 0) document.addEventListener = lateReady;
  }
  function doneLoading() {
    if (--loading === 0) delete document.addEventListener; // the prototype's shows again
  }

  function insertScript(src, fromCdn, onError) {
    var script = document.createElement("script");
    if (fromCdn) {
      script.integrity = integrity;
      script.crossOrigin = "anonymous";
    }
    startLoading();
    script.onload = doneLoading;
    script.onerror = function () {
      doneLoading();
      if (onError) onError();
    };
    script.src = src;
    document.head.appendChild(script);
  }

  function useLocal() {
    if (chosen || window.htmx) return;
    chosen = true;
    window.clearTimeout(timer);
    insertScript(localSrc, false, null);
  }

  function useCdn() {
    if (chosen || window.htmx) return;
    chosen = true;
    window.clearTimeout(timer);
    insertScript(cdnSrc, true, function () {
      chosen = false; // the preloaded file could not run after all: the local copy can
      useLocal();
    });
  }

  if (window.htmx) return;
  if (!cdnSrc) return useLocal();

  document.addEventListener("DOMContentLoaded", function () {
    contentLoaded = true;
    if (!chosen) timer = window.setTimeout(useLocal, WAIT_MS);
  });

  var preload = document.createElement("link");
  if (!(preload.relList && preload.relList.supports && preload.relList.supports("preload"))) {
    // No preload: the script itself. The timer still falls back, but a CDN copy that
    // arrives after the local one would then start htmx a second time.
    return insertScript(cdnSrc, true, useLocal);
  }
  preload.rel = "preload";
  preload.as = "script";
  preload.integrity = integrity;
  preload.crossOrigin = "anonymous";
  preload.onload = useCdn;
  preload.onerror = useLocal;
  preload.href = cdnSrc;
  document.head.appendChild(preload);
})();
