/**
 * The report page's own script, run after Chart.js and the annotation plugin: it reads the
 * embedded `ReportModel` and draws every `<canvas>` of the page on the same x-axis.
 * Plain ES2017 so any current browser runs it from disk; it never touches the network.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var Chart = window.Chart;
  var dataTag = document.getElementById('faultline-data');
  if (!Chart || !dataTag) return;
  var model = JSON.parse(dataTag.textContent);
  var AXIS_WIDTH = 150;
  var COLORS = {
    offered: '#64748b', ok: '#16a34a', degraded: '#d97706', failed: '#dc2626',
    p50: '#2563eb', p95: '#7c3aed', p99: '#db2777', max: '#94a3b8',
    fault: 'rgba(245, 158, 11, 0.16)', faultLabel: '#92400e',
    scheduled: 'rgba(100, 116, 139, 0.25)', actual: 'rgba(234, 88, 12, 0.85)',
    up: 'rgba(22, 163, 74, 0.55)', down: '#dc2626',
    inject: '#c2410c', revert: '#0f766e'
  };
  var KINDS = [['http4xx', '4xx', '#ca8a04'], ['http5xx', '5xx', '#dc2626'], ['timeout', 'timeout', '#7c3aed'], ['connection', 'connection', '#475569']];
  var PALETTE = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2', '#ca8a04', '#475569'];
  var BREAKER_LEVEL = { 0: 0, 2: 1, 1: 2 };
  var BREAKER_NAME = ['closed', 'half-open', 'open'];

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function fmtTime(s) {
    if (model.spanS <= 600) return String(Math.round(s * 10) / 10);
    var sec = Math.round(s), hh = Math.floor(sec / 3600), mm = Math.floor((sec % 3600) / 60);
    return (hh ? hh + ':' + pad(mm) : String(mm)) + ':' + pad(sec % 60);
  }
  function tickStep() {
    var steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
    for (var i = 0; i < steps.length; i++) if (steps[i] >= model.spanS / 12) return steps[i];
    return Math.ceil(model.spanS / 12);
  }
  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + '…' : text; }
  function fixWidth(scale) { scale.width = AXIS_WIDTH; }
  function xScale() {
    return {
      type: 'linear', min: 0, max: model.spanS,
      title: { display: true, text: model.spanS <= 600 ? 'seconds since t = 0' : 'time since t = 0' },
      ticks: { stepSize: tickStep(), callback: function (v) { return fmtTime(v); } }
    };
  }
  function faultBoxes() {
    var boxes = {};
    model.faults.forEach(function (f, i) {
      if (!f.actual) return;
      boxes['fault' + i] = {
        type: 'box', xMin: f.actual[0], xMax: f.actual[1], backgroundColor: COLORS.fault, borderWidth: 0,
        drawTime: 'beforeDatasetsDraw',
        label: { display: true, content: f.name, position: { x: 'start', y: 'start' }, color: COLORS.faultLabel, font: { size: 10 } }
      };
    });
    return boxes;
  }
  function points(t, ys) {
    var out = new Array(t.length);
    for (var i = 0; i < t.length; i++) out[i] = { x: t[i], y: ys[i] };
    return out;
  }
  function line(label, data, color, extra) {
    var ds = { label: label, data: data, borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false };
    for (var k in extra) ds[k] = extra[k];
    return ds;
  }
  function timeTitle(items) { return items.length ? fmtTime(items[0].parsed.x) + ' s' : ''; }
  function make(canvas, config) {
    config.options = config.options || {};
    config.options.plugins = config.options.plugins || {};
    if (!config.options.plugins.annotation) config.options.plugins.annotation = { annotations: faultBoxes() };
    return new Chart(canvas, config);
  }

  /** ok stacked as full answers, then degraded (fallbacks, when the route has any), then failed. */
  function throughputChart(canvas, r) {
    var degraded = r.degraded || [];
    var anyDegraded = degraded.some(function (d) { return d > 0; });
    var full = r.ok.map(function (ok, i) { return anyDegraded ? Math.round((ok - (degraded[i] || 0)) * 100) / 100 : ok; });
    var datasets = [
      line('offered', points(r.t, r.offered), COLORS.offered, { borderDash: [6, 4], stack: 'offered' }),
      line(anyDegraded ? 'ok (full)' : 'ok', points(r.t, full), COLORS.ok, { fill: 'origin', backgroundColor: 'rgba(22, 163, 74, 0.25)', stack: 'achieved' })
    ];
    if (anyDegraded) datasets.push(line('degraded', points(r.t, degraded), COLORS.degraded, { fill: '-1', backgroundColor: 'rgba(217, 119, 6, 0.3)', stack: 'achieved' }));
    datasets.push(line('failed', points(r.t, r.failed), COLORS.failed, { fill: '-1', backgroundColor: 'rgba(220, 38, 38, 0.3)', stack: 'achieved' }));
    make(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: xScale(), y: { stacked: true, beginAtZero: true, title: { display: true, text: 'requests/s' }, afterFit: fixWidth } },
        plugins: { tooltip: { callbacks: { title: timeTitle } } }
      }
    });
  }

  function latencyChart(canvas, r) {
    var chart = make(canvas, {
      type: 'line',
      data: { datasets: [
        line('p50', points(r.t, r.p50), COLORS.p50),
        line('p95', points(r.t, r.p95), COLORS.p95),
        line('p99', points(r.t, r.p99), COLORS.p99),
        line('max', points(r.t, r.max), COLORS.max, { borderDash: [2, 3] })
      ] },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: xScale(), y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'ms' }, afterFit: fixWidth } },
        plugins: { tooltip: { callbacks: { title: timeTitle } } }
      }
    });
    var toggle = document.querySelector('input[data-log-for="' + canvas.id.replace(/^chart-/, '') + '"]');
    if (!toggle) return;
    toggle.parentElement.hidden = false;
    toggle.addEventListener('change', function () {
      chart.options.scales.y.type = toggle.checked ? 'logarithmic' : 'linear';
      chart.options.scales.y.beginAtZero = !toggle.checked;
      chart.update();
    });
  }

  function errorsChart(canvas, r) {
    make(canvas, {
      type: 'line',
      data: { datasets: KINDS.map(function (k, i) {
        return line(k[1], points(r.t, r.errors[k[0]]), k[2], { fill: i === 0 ? 'origin' : '-1', backgroundColor: k[2] + '55', stack: 'errors' });
      }) },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: xScale(), y: { stacked: true, beginAtZero: true, suggestedMax: 5, title: { display: true, text: '% of sent' }, afterFit: fixWidth } },
        plugins: { tooltip: { callbacks: { title: timeTitle, label: function (item) { return item.dataset.label + ': ' + item.parsed.y + ' %'; } } } }
      }
    });
  }

  /** A vertical line at each actual inject (solid) and revert (dashed) time. */
  function eventLines() {
    var lines = {};
    model.faults.forEach(function (f, i) {
      if (!f.actual) return;
      lines['inject' + i] = { type: 'line', xMin: f.actual[0], xMax: f.actual[0], borderColor: COLORS.inject, borderWidth: 2 };
      if (f.reverted) lines['revert' + i] = { type: 'line', xMin: f.actual[1], xMax: f.actual[1], borderColor: COLORS.revert, borderWidth: 2, borderDash: [5, 3] };
    });
    return lines;
  }

  function timelineChart(canvas) {
    var faults = model.faults;
    make(canvas, {
      type: 'bar',
      data: {
        labels: faults.map(function (f) { var lane = [clip(f.name, 20), clip(f.target, 20)]; return f.params ? lane.concat(clip(f.params, 20)) : lane; }),
        datasets: [
          { label: 'scheduled', data: faults.map(function (f) { return f.scheduled; }), backgroundColor: COLORS.scheduled, borderColor: COLORS.offered, borderWidth: 1, borderSkipped: false, barPercentage: 0.9 },
          { label: 'in effect', data: faults.map(function (f) { return f.actual; }), backgroundColor: COLORS.actual, borderWidth: 0, barPercentage: 0.5 }
        ]
      },
      options: {
        indexAxis: 'y',
        scales: { x: xScale(), y: { stacked: true, afterFit: fixWidth, ticks: { autoSkip: false } } },
        plugins: {
          annotation: { annotations: eventLines() },
          tooltip: { callbacks: {
            title: function (items) { var f = faults[items[0].dataIndex]; return f.name + ' (' + f.type + ' on ' + f.target + ')'; },
            label: function (item) {
              var v = item.raw;
              if (!v) return item.dataset.label + ': never';
              return item.dataset.label + ': ' + fmtTime(v[0]) + ' – ' + fmtTime(v[1]) + ' s';
            },
            afterBody: function (items) { var f = faults[items[0].dataIndex]; return f.params + (f.error ? '\nerror: ' + f.error : ''); }
          } }
        }
      }
    });
  }

  function breakersChart(canvas) {
    var n = model.breakers.length;
    make(canvas, {
      type: 'line',
      data: { datasets: model.breakers.map(function (b, i) {
        var offset = (i - (n - 1) / 2) * 0.05;
        return line(b.service + ' → ' + b.upstream, b.points.map(function (p) {
          return { x: p[0], y: (BREAKER_LEVEL[p[1]] === undefined ? p[1] : BREAKER_LEVEL[p[1]]) + offset, state: p[1] };
        }), PALETTE[i % PALETTE.length], { stepped: 'before', borderWidth: 2 });
      }) },
      options: {
        scales: { x: xScale(), y: { min: -0.4, max: 2.4, afterFit: fixWidth, ticks: { stepSize: 1, callback: function (v) { return BREAKER_NAME[v] || ''; } } } },
        plugins: { tooltip: { callbacks: { title: timeTitle, label: function (item) {
          var s = item.raw.state; return item.dataset.label + ': ' + (BREAKER_NAME[BREAKER_LEVEL[s]] || String(s));
        } } } }
      }
    });
  }

  function servicesChart(canvas) {
    var services = model.services, up = [], down = [];
    services.forEach(function (s, i) {
      up.push({ x: s.observedFrom, y: i }, { x: s.observedTo, y: i }, { x: s.observedTo, y: null });
      s.down.forEach(function (w) { down.push({ x: w[0], y: i }, { x: w[1], y: i }, { x: w[1], y: null }); });
    });
    make(canvas, {
      type: 'line',
      data: { datasets: [
        line('down', down, COLORS.down, { borderWidth: 12, borderCapStyle: 'butt' }),
        line('observed up', up, COLORS.up, { borderWidth: 12, borderCapStyle: 'butt' })
      ] },
      options: {
        scales: { x: xScale(), y: { min: -0.5, max: services.length - 0.5, reverse: true, afterFit: fixWidth,
          afterBuildTicks: function (scale) { scale.ticks = services.map(function (_, i) { return { value: i }; }); },
          ticks: { autoSkip: false, callback: function (v) { var s = services[v]; return s ? s.service : ''; } } } },
        plugins: { tooltip: { callbacks: { title: timeTitle } } }
      }
    });
  }

  var timeline = document.getElementById('chart-timeline');
  if (timeline) timelineChart(timeline);
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var r = model.routes[Number(canvas.dataset.route)];
    if (!r) return;
    if (canvas.dataset.chart === 'throughput') throughputChart(canvas, r);
    else if (canvas.dataset.chart === 'latency') latencyChart(canvas, r);
    else if (canvas.dataset.chart === 'errors') errorsChart(canvas, r);
  });
  var breakers = document.getElementById('chart-breakers');
  if (breakers) breakersChart(breakers);
  var services = document.getElementById('chart-services');
  if (services) servicesChart(services);
})();
`;
