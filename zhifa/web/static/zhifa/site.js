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
  // The evidence upload card (evidence page and the case page's inline fold, swapped in by htmx):
  // the chosen act's recording advice, and the upload's progress bar.
  function showAdvice(select) {
    var advice = document.getElementById("act-advice");
    var option = select.options[select.selectedIndex];
    if (advice) advice.textContent = (option && option.dataset.advice) || "";
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("#upload-form select[name=act]")) {
      showAdvice(event.target);
    }
  });
  function initUpload(root) {
    var select = root.querySelector && root.querySelector("#upload-form select[name=act]");
    if (select) showAdvice(select);
  }
  document.addEventListener("DOMContentLoaded", function () { initUpload(document); });
  document.addEventListener("htmx:load", function (event) { initUpload(event.target); });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable && event.target.id === "upload-form") {
      bar.hidden = false;
      bar.value = (event.detail.loaded / event.detail.total) * 100;
    }
  });
  // The top bar's menus (<details class="navgroup">) work without script; with it, one menu is
  // open at a time, and a click elsewhere or Escape closes it (focus back on its summary).
  function closeMenus(except) {
    document.querySelectorAll("details.navgroup[open]").forEach(function (d) {
      if (d !== except) d.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d.matches && d.matches("details.navgroup") && d.open) closeMenus(d);
  }, true);
  document.addEventListener("click", function (event) {
    if (!(event.target.closest && event.target.closest("details.navgroup"))) closeMenus(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.navgroup[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    }
  });
  // Signing out: the offline field forms' kept pages (zhifa/web/INTERFACE.md) leave the device;
  // unsent drafts stay, they are the officer's work and are sent after the next sign-in.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.getAttribute && form.getAttribute("action");
    var sw = navigator.serviceWorker;
    if (action && /\/logout\/$/.test(action) && sw && sw.controller) {
      sw.controller.postMessage({ type: "forget" });
    }
  });
})();
