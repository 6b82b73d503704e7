// Provision picker: a search box over the grouped <select>, and the violation date's check (options
// whose law version is not in force on that day are disabled). Works on pages loaded by htmx too.
(function () {
  "use strict";
  var MARK = /（(已废止|未生效)）$/;
  function status(opt, day) {
    var from = opt.getAttribute("data-from"), to = opt.getAttribute("data-to");
    if (from && day < from) return "未生效";
    if (to && day > to) return "已废止";
    return "";
  }
  function setUp(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var search = box.querySelector("[data-picker-search]");
    var select = box.querySelector("select");
    var form = box.closest("form");
    var date = form && form.querySelector("input[name$='violation_date']");
    search.hidden = false;
    function apply() {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var day = date && date.value;
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (opt) {
          var text = (opt.getAttribute("data-search") || opt.textContent).toLowerCase();
          var match = words.every(function (w) { return text.indexOf(w) >= 0; });
          opt.hidden = !match;
          if (day && opt.hasAttribute("data-from")) {
            var st = status(opt, day);
            opt.disabled = Boolean(st) && !opt.selected;
            opt.textContent = opt.textContent.replace(MARK, "") + (st ? "（" + st + "）" : "");
          }
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
    }
    search.addEventListener("input", apply);
    if (date) {
      date.addEventListener("change", apply);
      date.addEventListener("input", apply);
    }
    apply();
  }
  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-provision-picker]"), setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
  scan(document);
})();
