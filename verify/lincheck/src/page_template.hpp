#pragma once
// The visualizer's page: static HTML, CSS and script; @TITLE@, @VERDICT@ and
// @DATA@ are filled in by render_html. The script builds the picture with
// DOM calls and textContent only: history values never become markup.
#include <string_view>

namespace gauntlet::lincheck {

inline constexpr std::string_view page_template = R"PAGE(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>@TITLE@ (@VERDICT@)</title>
<style>
  body { font: 13px system-ui, sans-serif; margin: 16px; color: #222; }
  h1 { font-size: 17px; margin: 0 0 4px; }
  .verdict { font-weight: bold; padding: 1px 6px; border-radius: 3px; }
  .v-linearizable { background: #c8efc8; }
  .v-not-linearizable { background: #f7c6c6; }
  .v-unknown { background: #f3e3a5; }
  #controls { margin: 8px 0; }
  #chart { border: 1px solid #ccc; overflow-x: auto; }
  svg text { font: 11px system-ui, sans-serif; }
  .op { fill: #cfe0f5; stroke: #5b7fad; }
  .op.indeterminate { fill: #eee; stroke: #999; stroke-dasharray: 4 2; }
  .op.stuck { stroke: #c0392b; stroke-width: 2; }
  .op.linearized { fill: #a9d5a9; stroke: #3d7a3d; }
  .op:hover { fill: #fff3b0; }
  .lane-label { fill: #555; }
  .lin-path { fill: none; stroke: #2d6a2d; stroke-width: 1.5; }
  .lin-point { fill: #2d6a2d; }
  .note-span { fill: #f5b7b1; opacity: 0.35; }
  .note-line { stroke: #c0392b; stroke-width: 1.5; }
  .note-text { fill: #c0392b; }
  #info { margin-top: 8px; min-height: 3em; white-space: pre-wrap; font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1 id="title">@TITLE@</h1>
<div>model <span id="model"></span>: <span id="verdict" class="verdict v-@VERDICT@">@VERDICT@</span>
  <span id="summary"></span></div>
<div id="controls"><label>show <select id="choice"></select></label></div>
<div id="chart"></div>
<div id="info">Hover over an operation to see it and the model state after it.</div>
<script type="application/json" id="history-data">@DATA@</script>
<script>
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("history-data").textContent);
  const NS = "http://www.w3.org/2000/svg";
  const el = (name, attrs, parent) => {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  };
  document.getElementById("model").textContent = data.model;
  const ops = data.ops;
  const clients = [...new Set(ops.map(o => o.client))].sort((a, b) => a - b);
  const laneOf = new Map(clients.map((c, i) => [c, i]));
  let tmin = Infinity, tmax = -Infinity;
  for (const o of ops) {
    tmin = Math.min(tmin, o.call);
    tmax = Math.max(tmax, o.ret === null ? o.call : o.ret);
  }
  for (const a of data.annotations) {
    tmin = Math.min(tmin, a.time);
    tmax = Math.max(tmax, a.end === null ? a.time : a.end);
  }
  if (!isFinite(tmin)) { tmin = 0; tmax = 1; }
  if (tmax === tmin) tmax = tmin + 1;
  const labelRows = Math.min(3, data.annotations.length);  // annotation labels, staggered so they do not overlap
  const left = 70, top = 24 + 13 * Math.max(0, labelRows - 1), laneH = 34, barH = 20;
  const width = Math.max(900, Math.min(24000, ops.length * 14));
  const x = t => left + (t - tmin) / (tmax - tmin) * (width - left - 20);
  const endX = x(tmax) + 10;
  const height = top + clients.length * laneH + 10;
  document.getElementById("summary").textContent =
    ops.length + " operations, " + clients.length + " clients, " + data.linearizations.length + " linearization(s) drawn";

  const choice = document.getElementById("choice");
  const lins = data.linearizations;
  const addOption = (value, text) => {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    choice.appendChild(o);
  };
  if (lins.length > 1 && lins.every(l => l.complete)) addOption("all", "every partition's linearization");
  lins.forEach((l, i) => addOption(String(i), (l.partition ? "key " + l.partition + ": " : "") +
    (l.complete ? "linearization" : "longest partial linearization") + " (" + l.steps.length + " ops)"));
  if (lins.length === 0) addOption("none", "no linearization");
  // A violation opens on where the search got stuck.
  const stuck = lins.findIndex(l => !l.complete);
  if (stuck >= 0) choice.value = String(stuck);

  const info = document.getElementById("info");
  function draw() {
    const chart = document.getElementById("chart");
    chart.replaceChildren();
    const svg = el("svg", {width: endX + 10, height: height, id: "timeline"}, chart);
    clients.forEach((c, i) => {
      const t = el("text", {x: 4, y: top + i * laneH + barH / 2 + 4, class: "lane-label"}, svg);
      t.textContent = "client " + c;
    });
    data.annotations.forEach((a, k) => {
      const x0 = x(a.time);
      if (a.end !== null) {
        el("rect", {x: x0, y: top - 6, width: Math.max(2, x(a.end) - x0), height: height - top, class: "note-span"}, svg);
      } else {
        el("line", {x1: x0, x2: x0, y1: top - 6, y2: height, class: "note-line"}, svg);
      }
      const label = el("text", {x: x0 + 2, y: 12 + 13 * (k % 3), class: "note-text"}, svg);
      label.textContent = a.kind + (a.client !== null ? " (client " + a.client + ")" : "") + (a.text ? ": " + a.text : "");
    });
    const picked = choice.value === "all" ? lins : (lins[Number(choice.value)] ? [lins[Number(choice.value)]] : []);
    const stateAfter = new Map(), order = new Map();
    for (const l of picked) l.steps.forEach((s, k) => { stateAfter.set(s.op, s.state); order.set(s.op, k + 1); });
    const failing = new Set(picked.filter(l => !l.complete).map(l => l.partition));
    const bars = [];
    ops.forEach((o, i) => {
      const lane = laneOf.get(o.client);
      const x0 = x(o.call), x1 = o.ret === null ? endX : x(o.ret);
      let cls = "op";
      if (o.indeterminate) cls += " indeterminate";
      if (order.has(i)) cls += " linearized";
      else if (failing.has(o.partition) && !o.indeterminate) cls += " stuck";
      const r = el("rect", {x: x0, y: top + lane * laneH, width: Math.max(3, x1 - x0), height: barH, class: cls,
                            "data-op": i}, svg);
      const describe = () => o.text + (o.partition ? "   [key " + o.partition + "]" : "") +
        "\ncall " + o.call + ", return " + (o.ret === null ? "never" : o.ret) +
        (order.has(i) ? "\nlinearized #" + order.get(i) + ", state after: " + stateAfter.get(i)
                      : "\nnot in the linearization shown");
      const tip = el("title", {}, r);
      tip.textContent = describe();
      r.addEventListener("mouseenter", () => { info.textContent = describe(); });
      bars[i] = {x0, x1, y: top + lane * laneH};
      if (x1 - x0 > 40) {
        const t = el("text", {x: x0 + 3, y: top + lane * laneH + 14}, svg);
        t.textContent = o.text.length > (x1 - x0) / 6 ? o.text.slice(0, Math.max(1, Math.floor((x1 - x0) / 6) - 1)) + "\u2026" : o.text;
        t.setAttribute("pointer-events", "none");
      }
    });
    for (const l of picked) {
      let prev = -Infinity, points = [];
      for (const s of l.steps) {
        const b = bars[s.op];
        const px = Math.min(b.x1 - 1, Math.max(b.x0 + 1, prev + 2));
        prev = px;
        points.push(px + "," + (b.y + barH / 2));
        el("circle", {cx: px, cy: b.y + barH / 2, r: 3, class: "lin-point"}, svg);
      }
      if (points.length > 1) el("polyline", {points: points.join(" "), class: "lin-path"}, svg);
    }
  }
  choice.addEventListener("change", draw);
  draw();
  document.body.setAttribute("data-rendered", "yes");
})();
</script>
</body>
</html>
)PAGE";

}  // namespace gauntlet::lincheck
