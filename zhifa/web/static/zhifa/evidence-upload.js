// The evidence upload form: the recording advice of the chosen act, and the upload's progress bar.
// Loaded right after the form (CSP: no inline script).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var act = form.querySelector("select[name=act]");
  var advice = document.getElementById("act-advice");
  function show() {
    var option = act.options[act.selectedIndex];
    advice.textContent = (option && option.dataset.advice) || "";
  }
  if (act && advice) {
    act.addEventListener("change", show);
    show();
  }
  var bar = document.getElementById("upload-progress");
  form.addEventListener("htmx:xhr:progress", function (e) {
    if (e.detail.lengthComputable && bar) {
      bar.hidden = false;
      bar.value = (e.detail.loaded / e.detail.total) * 100;
    }
  });
})();
