// The level distribution of a what-if replay, before and after, as a bar chart (ECharts, vendored).
// Data: the element's data-levels attribute, [[level, before, after], ...] written by the server.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("level-chart");
    if (!el || !window.echarts) return;
    var rows = JSON.parse(el.getAttribute("data-levels") || "[]");
    if (!rows.length) return;
    el.style.height = "320px";
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [el.getAttribute("data-before"), el.getAttribute("data-after")] },
      grid: { left: 40, right: 10, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: el.getAttribute("data-before"), type: "bar", data: rows.map(function (r) { return r[1]; }) },
        { name: el.getAttribute("data-after"), type: "bar", data: rows.map(function (r) { return r[2]; }) }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
