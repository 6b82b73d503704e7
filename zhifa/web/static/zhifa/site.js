// Page behaviour that used to sit in inline handlers (onchange=, onclick=). The Content-Security-
// Policy allows scripts from this site only (script-src 'self'): no inline script, no eval.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (language, year, province).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });
  // <button data-toggle-arrow>: the tree's ▸/▾ arrow follows the open/closed state.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-toggle-arrow]");
    if (button) {
      button.textContent = button.textContent === "▸" ? "▾" : "▸";
    }
  });
})();
