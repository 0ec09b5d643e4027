// Shows the booking page in the browser's time zone: if the visitor has not chosen a
// zone yet, select the detected one and reload the times for it. Without this script
// the select and its button do the same.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("book-tz");
  if (!select || select.dataset.detect !== "on" || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === select.value) return;
  var url = new URL(window.location.href);
  url.searchParams.set("tz", zone);
  window.location.replace(url.toString());
});
