/* Live quorum count on the attendance form (progressive enhancement: the server computes and
   stores the quorum; without JavaScript the page works the same). The Spanish texts come from the
   page, translated by the template. */
(function () {
  "use strict";
  var form = document.getElementById("attendance-form");
  var output = document.getElementById("quorum-live");
  if (!form || !output) { return; }
  var required = parseInt(form.getAttribute("data-quorum-required"), 10) || 0;
  var seats = parseInt(form.getAttribute("data-voting-seats"), 10) || 0;

  function count() {
    var groups = {};
    var inputs = form.querySelectorAll('input[type="radio"][data-counts-for-quorum="1"]');
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.checked && (input.value === "holder" || input.value === "alternate")) {
        groups[input.name] = true;
      }
    });
    return Object.keys(groups).length;
  }

  function update() {
    var present = count();
    var reached = present >= required;
    var text = output.getAttribute("data-text-count")
      .replace("{present}", present).replace("{seats}", seats).replace("{required}", required);
    output.textContent = text + " " + output.getAttribute(reached ? "data-text-reached" : "data-text-missing");
    output.className = "panel-quorum " + (reached ? "panel-quorum-ok" : "panel-quorum-missing");
  }

  form.addEventListener("change", update);
  output.hidden = false;
  update();
})();
