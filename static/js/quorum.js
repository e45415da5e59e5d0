/* Live quorum count on the attendance form (progressive enhancement: the server computes and
   stores the quorum; without JavaScript the page works the same). */
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
    output.textContent = "Asientos presentes ahora: " + present + " de " + seats +
      "; se requieren " + required + ". " + (reached ? "Hay quórum." : "Aún no hay quórum.");
    output.className = "panel-quorum " + (reached ? "panel-quorum-ok" : "panel-quorum-missing");
  }

  form.addEventListener("change", update);
  output.hidden = false;
  update();
})();
