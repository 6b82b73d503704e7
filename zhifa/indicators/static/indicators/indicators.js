// Charts of the supervision dashboard (ECharts, vendored). The figures are in a JSON data block
// (#indicators-chart); the tables above the charts carry the same figures without script.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("indicators-chart");
    if (!block || typeof echarts === "undefined") return;
    var data = JSON.parse(block.textContent);
    var units = document.getElementById("chart-units");
    if (units && data.agencies.length) {
      units.style.height = Math.max(260, data.agencies.length * 28 + 80) + "px";
      var chart = echarts.init(units);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: 100, name: "%" },
        yAxis: { type: "category", data: data.agencies, inverse: true },
        series: data.series.map(function (s) {
          return { name: s.name, type: "bar", data: s.values };
        }),
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var monthly = document.getElementById("chart-monthly");
    if (monthly && data.monthly.length) {
      monthly.style.height = "280px";
      var trend = echarts.init(monthly);
      trend.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.monthly.map(function (m) { return m.month + "月"; }) },
        yAxis: { type: "value" },
        series: [
          { name: "受理案件", type: "bar", data: data.monthly.map(function (m) { return m.cases; }) },
          { name: "作出决定", type: "bar", data: data.monthly.map(function (m) { return m.decided; }) },
        ],
      });
      window.addEventListener("resize", function () { trend.resize(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
