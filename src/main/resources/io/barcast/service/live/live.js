// Barcast live page: reads /api/symbols and /api/symbols/{symbol}/history every few seconds and draws them with
// uPlot (served from the jar's WebJar). All text goes into the page through textContent, never as HTML.
// After each drawing, <body> carries data-symbol, data-outcomes-drawn, data-trainings-drawn, data-quality-drawn and
// data-renders.
(function () {
  "use strict";
  var REFRESH_MS = 3000;
  var BAND_FILLS = ["rgba(31,119,180,0.22)", "rgba(31,119,180,0.12)", "rgba(31,119,180,0.07)"];
  var selected = decodeURIComponent(location.hash.slice(1)) || null;
  var charts = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function fmt(v, digits) {
    return v === null || v === undefined || !isFinite(v) ? "–" : Number(v).toFixed(digits === undefined ? 2 : digits);
  }
  function pct(v) { return v === null || v === undefined || !isFinite(v) ? "–" : (100 * v).toFixed(1) + "%"; }
  function day(iso) { return Date.parse(iso + "T00:00:00Z") / 1000; }
  function status(text, bad) {
    var s = document.getElementById("status");
    s.textContent = text;
    s.className = bad ? "bad" : "muted";
  }
  function getJson(path) {
    return fetch(path, { cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error(path + ": HTTP " + r.status); }
      return r.json();
    });
  }
  function widest(prediction) {
    var iv = prediction && prediction.intervals;
    return iv && iv.length ? iv[iv.length - 1] : null;
  }

  /** The Basel zone of the 99% VaR, with its exceptions over the outcomes they are counted over. */
  function zone(risk) {
    if (!risk) { return "–"; }
    var l99 = risk.levels.filter(function (l) { return l.level === 0.99; })[0];
    return risk.baselZone + (l99 ? " (" + l99.exceptions + "/" + l99.outcomes + ")" : "");
  }

  function drawSymbols(list) {
    var body = document.querySelector("#symbols tbody");
    body.replaceChildren();
    list.symbols.forEach(function (s) {
      var p = s.prediction, k = s.skill || {}, w = widest(p);
      var tr = el("tr", null, "pick" + (s.symbol === selected ? " selected" : ""));
      [s.symbol, p ? p.asOf : "–", p ? fmt(p.lastClose) : "–", p ? fmt(p.predictedClose) : "–",
        w ? fmt(w.lower) + " – " + fmt(w.upper) + " (" + pct(w.level) + ")" : "–",
        p ? "v" + p.modelVersion : "–", p ? p.trainedThrough : "–", fmt(k.theilU, 3), pct(k.hitRate), s.outcomes
      ].forEach(function (v) { tr.appendChild(el("td", v)); });
      tr.appendChild(el("td", zone(s.risk), s.risk ? "zone zone-" + s.risk.baselZone.toLowerCase() : "zone"));
      tr.addEventListener("click", function () { choose(s.symbol); });
      body.appendChild(tr);
    });
    var select = document.getElementById("symbol");
    var names = list.symbols.map(function (s) { return s.symbol; });
    var current = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (names.join("\u0000") !== current.join("\u0000")) {
      select.replaceChildren();
      names.forEach(function (n) { var o = el("option", n); o.value = n; select.appendChild(o); });
    }
    if (names.length && names.indexOf(selected) < 0) { selected = names[0]; }
    select.value = selected || "";
    document.getElementById("max-outcomes").textContent = list.maxOutcomes;
    document.getElementById("max-trainings").textContent = list.maxTrainings;
  }

  function chart(id, opts, data) {
    var target = document.getElementById(id);
    var old = charts[id];
    var key = JSON.stringify(opts.series.map(function (s) { return s.label || ""; }));
    if (old && old.key === key) {
      old.plot.setData(data);
      return old.plot;
    }
    if (old) { old.plot.destroy(); }
    opts.width = Math.max(300, target.clientWidth || 600);
    var plot = new uPlot(opts, data, target);
    charts[id] = { plot: plot, key: key };
    return plot;
  }

  function drawPrice(h) {
    var out = h.outcomes;
    var levels = out.length ? out[out.length - 1].intervals.map(function (b) { return b.level; }) : [];
    var x = out.map(function (o) { return day(o.targetDate); });
    // The bands first, so that the closes are drawn over their fills.
    var data = [x];
    var series = [{}];
    var bands = [];
    levels.slice().reverse().forEach(function (level, i) {
      function bound(which) {
        return out.map(function (o) {
          var b = o.intervals.find(function (b) { return b.level === level; });
          return b ? b[which] : null;
        });
      }
      data.push(bound("upper"), bound("lower"));
      series.push({ label: pct(level) + " upper", stroke: "rgba(31,119,180,0.5)", width: 1 },
        { label: pct(level) + " lower", stroke: "rgba(31,119,180,0.5)", width: 1 });
      bands.push({ series: [data.length - 2, data.length - 1], fill: BAND_FILLS[Math.min(i, BAND_FILLS.length - 1)] });
    });
    data.push(out.map(function (o) { return o.actualClose; }), out.map(function (o) { return o.predictedClose; }));
    series.push({ label: "Actual close", stroke: "#222", width: 1.5 }, { label: "Predicted close", stroke: "#d62728", width: 1.5 });
    chart("chart-price", { height: 340, series: series, bands: bands, scales: { x: { time: true } },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); } }, data);
    return x.length;
  }

  function drawSkill(h) {
    var out = h.outcomes;
    var data = [out.map(function (o) { return day(o.targetDate); }),
      out.map(function (o) { return o.runningTheilU; }), out.map(function (o) { return o.runningHitRate; })];
    chart("chart-skill", { height: 220, scales: { x: { time: true } },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      series: [{}, { label: "Theil's U", stroke: "#9467bd", width: 1.5, scale: "u" },
        { label: "Hit rate", stroke: "#2ca02c", width: 1.5, scale: "rate" }],
      axes: [{}, { scale: "u" }, { scale: "rate", side: 1, grid: { show: false } }] }, data);
  }

  function drawTrainings(h) {
    var t = h.trainings;
    var data = [t.map(function (j) { return j.version; }), t.map(function (j) { return j.trainLoss; }),
      t.map(function (j) { return j.valLoss; })];
    chart("chart-training", { height: 220, scales: { x: { time: false } },
      axes: [{ incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], values: function (u, ticks) {
        return ticks.map(function (v) { return "v" + v; }); } }, {}],
      series: [{ label: "version", value: function (u, v) { return v === null || v === undefined ? "--" : "v" + v; } }, { label: "Train loss", stroke: "#1f77b4", width: 1.5, points: { show: true } },
        { label: "Val loss", stroke: "#ff7f0e", width: 1.5, points: { show: true } }] }, data);
    var body = document.querySelector("#trainings tbody");
    body.replaceChildren();
    t.slice().reverse().forEach(function (j) {
      var tr = el("tr");
      tr.appendChild(el("td", "v" + j.version));
      tr.appendChild(el("td", j.windowEnd));
      var st = el("td", j.status + (j.reason ? " (" + j.reason + ")" : ""), j.status === "OK" ? "ok" : "bad");
      tr.appendChild(st);
      [j.promoted ? "yes" : "no", j.epochs, j.warmStart ? "warm" : "cold", fmt(j.trainLoss, 4), fmt(j.valLoss, 4),
        fmt(j.valTheilU, 3), j.durationMs < 10000 ? j.durationMs + " ms" : (j.durationMs / 1000).toFixed(1) + " s"].forEach(function (v) { tr.appendChild(el("td", v)); });
      body.appendChild(tr);
    });
    return t.length;
  }

  function drawQuality(h) {
    var q = h.dataQuality || [];
    var body = document.querySelector("#data-quality tbody");
    body.replaceChildren();
    if (!q.length) {
      var none = el("tr");
      var td = el("td", "none found", "muted");
      td.colSpan = 4;
      none.appendChild(td);
      body.appendChild(none);
    }
    q.slice().reverse().forEach(function (e) {
      var tr = el("tr");
      [e.date, e.kind, e.action].forEach(function (v) { tr.appendChild(el("td", v)); });
      tr.appendChild(el("td", e.detail));
      body.appendChild(tr);
    });
    return q.length;
  }

  function drawHistory(h) {
    var p = h.prediction, w = widest(p);
    document.getElementById("title-price").textContent = "Predicted vs actual close: " + h.symbol;
    document.getElementById("lineage").textContent = p
      ? "Latest: after " + p.asOf + " (close " + fmt(p.lastClose) + "), next close " + fmt(p.predictedClose)
        + (w ? ", " + pct(w.level) + " interval " + fmt(w.lower) + " – " + fmt(w.upper) : "")
        + "; model v" + p.modelVersion + " trained through " + p.trainedThrough
        + ", skill weight " + fmt(p.skillWeight, 2) + (p.correction ? " (correction)" : "")
        + (p.valueAtRisk99 != null ? "; 99% VaR " + fmt(p.valueAtRisk99) + ", 97.5% ES " + fmt(p.expectedShortfall975) : "")
        + (h.risk ? "; Basel zone " + zone(h.risk) : "")
      : "No prediction yet.";
    var drawn = drawPrice(h);
    drawSkill(h);
    var jobs = drawTrainings(h);
    var quality = drawQuality(h);
    var b = document.body.dataset;
    b.symbol = h.symbol;
    b.outcomesDrawn = String(drawn);
    b.trainingsDrawn = String(jobs);
    b.qualityDrawn = String(quality);
    b.renders = String(Number(b.renders || 0) + 1);
  }

  function refresh() {
    return getJson("/api/symbols").then(function (list) {
      drawSymbols(list);
      if (!selected) {
        status("no symbols yet (waiting for predictions) · " + new Date().toLocaleTimeString());
        return null;
      }
      return getJson("/api/symbols/" + encodeURIComponent(selected) + "/history").then(function (h) {
        drawHistory(h);
        status("updated " + new Date().toLocaleTimeString());
      });
    }).catch(function (e) {
      status("refresh failed: " + e.message, true);
    });
  }

  function loop() { refresh().then(function () { setTimeout(loop, REFRESH_MS); }); }

  function choose(symbol) {
    selected = symbol;
    history.replaceState(null, "", "#" + encodeURIComponent(symbol));
    refresh();
  }

  document.getElementById("symbol").addEventListener("change", function (e) { choose(e.target.value); });
  loop();
})();
