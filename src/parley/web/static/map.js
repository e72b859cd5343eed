// Parley: the negotiation map as an SVG graph (no library).
// Data: the escaped JSON block #map-data (the same object /map.json returns); it is parsed,
// never executed. Every string from it reaches the page through textContent or setAttribute.
// When changes.js reports new changes (a "parley:changes" event), the map is fetched again
// from the holder's data-json URL and redrawn with the same draw().
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var holder = document.getElementById("map-graph");
  var block = document.getElementById("map-data");
  if (!holder || !block) return;
  var drag = null, pan = null, current = null;  // shared with the one window listener

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function localUrl(u) {
    return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/" ? u : null;
  }

  function draw(data) {
    holder.textContent = "";
    drag = null; pan = null; current = null;

    // --- nodes and edges --------------------------------------------------------------------
    var nodes = [], byName = {}, edges = [];
    function node(name) {
      if (!(name in byName)) {
        byName[name] = nodes.length;
        nodes.push({ name: name, x: 0, y: 0, vx: 0, vy: 0, degree: 0 });
      }
      return byName[name];
    }
    function edge(kind, a, b, info, directed) {
      var e = { kind: kind, s: node(a), t: node(b), info: info, directed: directed };
      nodes[e.s].degree++; nodes[e.t].degree++;
      edges.push(e);
    }
    (data.stances || []).forEach(function (s) {
      var tip = s.actor + " → " + s.toward + ": " + s.stance +
        (s.conditions && s.conditions.length ? " (" + s.conditions.join("; ") + ")" : "") +
        (s.date ? ", " + s.date : "") + (s.reported_by ? ", reported by " + s.reported_by : "");
      edge("stance-" + s.stance, s.actor, s.toward, tip, true);
    });
    (data.blockers || []).forEach(function (b) {
      var tip = "Blocker: " + b.actor + " → " + b.toward + ": " + b.text +
        (b.since ? " (since " + b.since + ")" : "") + (b.in_effect ? ", in effect" : ", lifted");
      edge(b.in_effect ? "blocker" : "blocker lifted", b.actor, b.toward, tip, true);
    });
    (data.talks || []).forEach(function (t) {
      edge("talks", t.between[0], t.between[1], "Talks " + t.between.join(" – ") + ": " + t.status +
        (t.date ? ", " + t.date : ""), false);
    });
    if (!nodes.length) {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = "No stances, blockers or talks as of this date.";
      holder.appendChild(p);
      return;
    }

    // --- layout: a deterministic force simulation --------------------------------------------
    var n = nodes.length, W = 1000, H = 560, R = Math.min(W, H) * 0.38;
    nodes.forEach(function (nd, i) {
      var a = 2 * Math.PI * i / n;
      nd.x = W / 2 + R * Math.cos(a); nd.y = H / 2 + R * Math.sin(a);
    });
    // Repulsion only within a cut-off, so that separate components are not pushed to the rim;
    // a pull toward the centre keeps them together.
    var k = Math.sqrt(W * H / Math.max(n, 2)) * 0.5, cut2 = 9 * k * k;
    for (var it = 0, temp = W / 8; it < 300; it++, temp *= 0.985) {
      nodes.forEach(function (nd) { nd.vx = 0; nd.vy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          var d2 = dx * dx + dy * dy || 0.01;
          if (d2 > cut2) continue;
          var f = k * k / d2;
          nodes[i].vx += dx * f; nodes[i].vy += dy * f;
          nodes[j].vx -= dx * f; nodes[j].vy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var a = nodes[e.s], b = nodes[e.t], dx = a.x - b.x, dy = a.y - b.y;
        var d = Math.sqrt(dx * dx + dy * dy) || 0.1, f = d / k;
        a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
      });
      nodes.forEach(function (nd) {
        nd.vx += (W / 2 - nd.x) * 0.05; nd.vy += (H / 2 - nd.y) * 0.05;
        var v = Math.sqrt(nd.vx * nd.vx + nd.vy * nd.vy) || 1, step = Math.min(v, temp);
        nd.x += nd.vx / v * step; nd.y += nd.vy / v * step;
      });
    }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (nd) {
      minX = Math.min(minX, nd.x); maxX = Math.max(maxX, nd.x);
      minY = Math.min(minY, nd.y); maxY = Math.max(maxY, nd.y);
    });
    var pad = 90, sx = (W - 2 * pad) / Math.max(maxX - minX, 1), sy = (H - 2 * pad) / Math.max(maxY - minY, 1);
    // fit to the box, each axis on its own (a round layout in a wide box uses the width too)
    var cap = n > 12 ? 8 : 2, fx = Math.min(sx, cap), fy = Math.min(sy, cap);
    if (n <= 12) { fx = fy = Math.min(fx, fy); }
    nodes.forEach(function (nd) {
      nd.x = W / 2 + (nd.x - (minX + maxX) / 2) * fx;
      nd.y = H / 2 + (nd.y - (minY + maxY) / 2) * fy;
    });

    // parallel edges between the same two nodes are bent apart
    var groups = {};
    edges.forEach(function (e) {
      var key = Math.min(e.s, e.t) + "-" + Math.max(e.s, e.t);
      (groups[key] = groups[key] || []).push(e);
    });
    Object.keys(groups).forEach(function (key) {
      var g = groups[key];
      g.forEach(function (e, i) {
        var bend = (i - (g.length - 1) / 2) * 38;
        e.bend = e.s < e.t ? bend : -bend;
        if (g.length === 1) e.bend = 0;
      });
    });

    // --- drawing ------------------------------------------------------------------------------
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
                          "aria-label": "Negotiation map: actors and their stances on talks" }, holder);
    var defs = el("defs", {}, svg);
    [["willing", "#2f855a"], ["conditional", "#dd6b20"], ["refuses", "#c53030"], ["blocker", "#000"]]
      .forEach(function (m) {
        var mk = el("marker", { id: "arrow-" + m[0], viewBox: "0 0 10 10", refX: 10, refY: 5,
                                markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
        el("path", { d: "M0,0 L10,5 L0,10 z", fill: m[1] }, mk);
      });
    var edgeLayer = el("g", { "class": "edges" }, svg);
    var nodeLayer = el("g", { "class": "nodes" }, svg);
    var NODE_R = n > 40 ? 11 : 16;

    function geometry(e) {
      var a = nodes[e.s], b = nodes[e.t];
      var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / d, uy = dy / d;
      var x1 = a.x + ux * NODE_R, y1 = a.y + uy * NODE_R, x2 = b.x - ux * (NODE_R + 2), y2 = b.y - uy * (NODE_R + 2);
      var mx = (x1 + x2) / 2 - uy * e.bend, my = (y1 + y2) / 2 + ux * e.bend;
      return { d: "M" + x1 + "," + y1 + " Q" + mx + "," + my + " " + x2 + "," + y2,
               cx: (x1 + 2 * mx + x2) / 4, cy: (y1 + 2 * my + y2) / 4 };
    }
    edges.forEach(function (e) {
      var g = el("g", { "class": "edge-group", "data-source": nodes[e.s].name, "data-target": nodes[e.t].name }, edgeLayer);
      var marker = e.kind.indexOf("stance-") === 0 ? e.kind.slice(7) : e.kind.indexOf("blocker") === 0 ? "blocker" : null;
      var attrs = { "class": "edge " + e.kind };
      if (e.directed && marker) attrs["marker-end"] = "url(#arrow-" + marker + ")";
      e.path = el("path", attrs, g);
      el("title", {}, e.path).textContent = e.info;
      if (e.kind.indexOf("blocker") === 0) {
        e.mark = el("g", { "class": "blocker-marker" }, g);
        el("circle", { r: 8, "class": "blocker-mark" }, e.mark);
        el("line", { x1: -5, y1: 5, x2: 5, y2: -5, "class": "blocker-mark-bar" }, e.mark);
        el("title", {}, e.mark).textContent = e.info;
      }
      e.group = g;
    });
    nodes.forEach(function (nd) {
      var url = localUrl((data.parties || {})[nd.name]);
      var minor = n > 40 && nd.degree < 3;
      var g = el(url ? "a" : "g", { "class": minor ? "node minor" : "node", "data-name": nd.name }, nodeLayer);
      if (url) g.setAttribute("href", url);
      el("circle", { r: minor ? NODE_R / 2 : NODE_R }, g);
      var label = el("text", { y: NODE_R + 14, "text-anchor": "middle" }, g);
      label.textContent = nd.name;
      el("title", {}, g).textContent = nd.name + " (" + nd.degree + " links)";
      nd.g = g;
    });

    function place() {
      edges.forEach(function (e) {
        var geo = geometry(e);
        e.path.setAttribute("d", geo.d);
        if (e.mark) e.mark.setAttribute("transform", "translate(" + geo.cx + "," + geo.cy + ")");
      });
      nodes.forEach(function (nd) { nd.g.setAttribute("transform", "translate(" + nd.x + "," + nd.y + ")"); });
    }
    place();

    // --- interaction: hover shows a node's links; drag moves it; a click opens its page ------
    function focus(idx) {
      edges.forEach(function (e) {
        e.group.classList.toggle("faded", idx !== null && e.s !== idx && e.t !== idx);
      });
      nodes.forEach(function (nd, i) {
        var linked = idx === null || i === idx || edges.some(function (e) {
          return (e.s === idx && e.t === i) || (e.t === idx && e.s === i);
        });
        nd.g.classList.toggle("faded", !linked);
      });
    }
    current = nodes;
    function point(evt) {
      var pt = svg.createSVGPoint();
      pt.x = evt.clientX; pt.y = evt.clientY;
      var m = svg.getScreenCTM();
      return m ? pt.matrixTransform(m.inverse()) : pt;
    }
    nodes.forEach(function (nd, i) {
      nd.g.addEventListener("mouseenter", function () { if (!drag) focus(i); });
      nd.g.addEventListener("mouseleave", function () { if (!drag) focus(null); });
      nd.g.addEventListener("pointerdown", function (evt) {
        var p = point(evt);
        drag = { i: i, x: p.x, y: p.y, moved: false };
      });
      nd.g.addEventListener("click", function (evt) { if (nd.dragged) { evt.preventDefault(); nd.dragged = false; } });
    });
    // wheel zooms around the pointer; dragging the background pans
    var view = { x: 0, y: 0, w: W, h: H };
    function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = point(evt), f = evt.deltaY > 0 ? 1.15 : 1 / 1.15;
      if (view.w * f < W / 20 || view.w * f > W * 4) return;
      view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f;
      view.w *= f; view.h *= f;
      setView();
    }, { passive: false });
    svg.addEventListener("pointerdown", function (evt) {
      if (!drag) pan = { x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y };
    });
    svg.addEventListener("pointermove", function (evt) {
      if (pan && !drag) {
        var r = svg.getBoundingClientRect(), sc = view.w / Math.max(r.width, 1);
        view.x = pan.vx - (evt.clientX - pan.x) * sc; view.y = pan.vy - (evt.clientY - pan.y) * sc;
        setView();
        return;
      }
      if (!drag) return;
      var p = point(evt), nd = nodes[drag.i];
      if (!drag.moved && Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) < 4) return;
      drag.moved = true; nd.dragged = true;
      nd.x = p.x; nd.y = p.y;
      place();
    });
  }  // draw

  window.addEventListener("pointerup", function () {
    if (drag && !drag.moved && current && current[drag.i]) current[drag.i].dragged = false;
    drag = null; pan = null;
  });

  draw(JSON.parse(block.textContent || "{}"));

  // New changes were logged: fetch the map again and redraw it (one fetch at a time).
  var fetching = false, again = false;
  function refresh() {
    var url = holder.getAttribute("data-json") || "/map.json";
    if (url.charAt(0) !== "/" || url.charAt(1) === "/") return;
    if (fetching) { again = true; return; }
    fetching = true;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        draw(data);
        holder.setAttribute("data-redraws", String(Number(holder.getAttribute("data-redraws") || 0) + 1));
        var note = document.getElementById("map-refreshed");
        if (note) {
          note.textContent = "Graph redrawn with the latest changes at " +
            new Date().toLocaleTimeString() + " (as of " + (data.as_of || "all dates") +
            "); the tables below are as the page was loaded: reload to update them.";
          note.hidden = false;
        }
      })
      .catch(function () { /* the next change tries again */ })
      .then(function () {
        fetching = false;
        if (again) { again = false; refresh(); }
      });
  }
  document.addEventListener("parley:changes", refresh);
})();
