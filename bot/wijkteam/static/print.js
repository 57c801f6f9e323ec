// The print version: show the "Afdrukken" button (it needs JavaScript) and print on click.
"use strict";
(function () {
  var button = document.getElementById("print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
