/* Follows a report PDF being made in the background (progressive enhancement: without JavaScript the
   page offers a link that reloads it). Asks the server every two seconds and updates the progress
   bar; when the PDF is ready or has failed, reloads the page once to show the download or the reason. */
(function () {
  "use strict";
  var box = document.getElementById("report-file-status");
  if (!box || box.getAttribute("data-in-progress") !== "1") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var status = box.querySelector('[data-field="status"]');
  var step = box.querySelector('[data-field="step"]');

  function ask() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(ask, 5000); return; }
        if (!data.in_progress) { window.location.reload(); return; }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        if (status) { status.textContent = data.status_label; }
        if (step) { step.textContent = data.step; }
        window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1500);
}());
