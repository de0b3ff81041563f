// Charts of the dashboard (Chart.js from node_modules, served under /static/vendor/). The data come
// from the page's <script type="application/json" id="dashboard-data"> — the CSP forbids inline scripts.
(function () {
  "use strict";
  var COLORS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457", "#283593"];
  var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function draw() {
    var holder = document.getElementById("dashboard-data");
    if (!holder || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    Chart.defaults.font.family = "system-ui, 'Segoe UI', Roboto, Arial, sans-serif";
    Chart.defaults.maintainAspectRatio = false;
    // Office PCs are slow and leaders read the figures, not the motion.
    Chart.defaults.animation = false;

    var progress = document.getElementById("chart-progress");
    if (progress) {
      new Chart(progress, {
        type: "doughnut",
        data: { labels: data.progress.labels,
                datasets: [{ data: data.progress.values, backgroundColor: ["#2e7d32", "#ef6c00", "#6a1b9a", "#9e9e9e"] }] },
        options: { plugins: { legend: { position: "bottom" } } }
      });
    }
    var rates = document.getElementById("chart-rates");
    if (rates) {
      new Chart(rates, {
        type: "bar",
        data: { labels: data.rates.labels, datasets: [
          // The words of each category come with the data (cchc.reporting.timeliness.LABELS).
          { label: data.rates.names[0], data: data.rates.on_time, backgroundColor: "#2e7d32" },
          { label: data.rates.names[1], data: data.rates.late, backgroundColor: "#ef6c00" },
          { label: data.rates.names[2], data: data.rates.missing, backgroundColor: "#9e9e9e" }] },
        options: { scales: { x: { stacked: true }, y: { stacked: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
                   plugins: { legend: { position: "bottom" },
                              tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + number.format(c.parsed.y) + "%"; } } } } }
      });
    }
    var series = document.getElementById("chart-series");
    if (series) {
      var sets = [{ label: data.series.town_label, data: data.series.town, borderColor: COLORS[0], backgroundColor: COLORS[0],
                    borderWidth: 3, spanGaps: true }];
      Object.keys(data.series.units).forEach(function (code, i) {
        var u = data.series.units[code];
        var color = COLORS[(i + 1) % COLORS.length];
        sets.push({ label: u.name, data: u.values, borderColor: color, backgroundColor: color, borderDash: [6, 3], spanGaps: true });
      });
      var axis = data.series.axis || { percent: false, begin_at_zero: true };
      var unit = axis.percent ? "%" : "";
      var y = { beginAtZero: axis.begin_at_zero, ticks: { callback: function (v) { return number.format(v) + unit; } } };
      // Percentages sit near 100: an axis from 0 would lay 95 % and 100 % on top of each other.
      if (axis.suggested_min !== undefined) { y.suggestedMin = axis.suggested_min; }
      if (axis.suggested_max !== undefined) { y.suggestedMax = axis.suggested_max; }
      new Chart(series, {
        type: "line",
        data: { labels: data.series.labels, datasets: sets },
        options: { plugins: { title: { display: true, text: data.series.title },
                              // A short line per series, as drawn (dashed for units), not a filled box.
                              legend: { position: "bottom",
                                        labels: { usePointStyle: true, pointStyle: "line", pointStyleWidth: 32, boxHeight: 8,
                                                  generateLabels: function (chart) {
                                                    return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (item) {
                                                      item.lineWidth = chart.data.datasets[item.datasetIndex].borderWidth || 2;
                                                      return item;
                                                    });
                                                  } } },
                              tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + (c.parsed.y === null ? "—" : number.format(c.parsed.y) + unit); } } } },
                   scales: { y: y } }
      });
    }
  }
  // The unit list of the series form: a filter box (shown only with JavaScript, which it needs) and
  // no more than the allowed number of ticks — the server keeps only the first ones anyway.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function picker() {
    var box = document.querySelector(".unit-picker");
    if (!box) { return; }
    var max = parseInt(box.getAttribute("data-max"), 10) || 8;
    var filter = box.querySelector("#loc-don-vi");
    var labels = Array.prototype.slice.call(box.querySelectorAll(".unit-checks label"));
    var count = box.querySelector("[data-chosen-count]");
    var list = box.querySelector(".unit-checks");
    var searchUrl = box.getAttribute("data-search-url");
    var asked = 0;
    // A province's list is not all on the page: the server searches every unit as one types, and
    // what it finds joins the list (ticked units stay).
    function search(q) {
      var mine = ++asked;
      fetch(searchUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {units: []}; })
        .then(function (data) {
          if (mine !== asked) { return; }
          var have = {};
          labels.forEach(function (l) { have[l.querySelector("input").value] = l; });
          data.units.forEach(function (u) {
            if (have[u.code]) { return; }
            var label = document.createElement("label");
            var input = document.createElement("input");
            input.type = "checkbox"; input.name = "don-vi"; input.value = u.code;
            label.appendChild(input);
            label.appendChild(document.createTextNode(" " + u.name));
            list.appendChild(label);
            labels.push(label);
          });
          filterNow();
          limit();
        });
    }
    function filterNow() {
      var q = fold(filter.value.trim());
      labels.forEach(function (l) { l.hidden = q !== "" && fold(l.textContent).indexOf(q) < 0; });
    }
    function limit() {
      var chosen = labels.filter(function (l) { return l.querySelector("input").checked; }).length;
      labels.forEach(function (l) { var i = l.querySelector("input"); i.disabled = !i.checked && chosen >= max; });
      if (count) { count.textContent = chosen; }
    }
    box.addEventListener("change", limit);
    limit();
    if (filter) {
      filter.parentNode.hidden = false;
      var timer = null;
      filter.addEventListener("input", function () {
        filterNow();
        if (searchUrl && filter.value.trim()) {
          clearTimeout(timer);
          timer = setTimeout(function () { search(filter.value.trim()); }, 200);
        }
      });
    }
  }
  function start() { picker(); draw(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
