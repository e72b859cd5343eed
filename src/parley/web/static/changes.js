// Parley: the "Latest changes" section (#latest-changes) of the home and map pages, filled and
// kept current without a reload. It polls /changes.json every data-interval seconds (15 by
// default; ?poll=SECONDS in the page's address overrides it), asking only for the changes
// after the largest seq it has seen, and puts new ones at the top. Every string from the store
// reaches the page through textContent or setAttribute, never as HTML. When something new
// arrives it fires a "parley:changes" event on document (map.js redraws the graph on it).
"use strict";
(function () {
  var box = document.getElementById("latest-changes");
  if (!box || !window.fetch) return;
  var list = box.querySelector("ol.changes");
  var status = box.querySelector(".changes-status");
  var url = box.getAttribute("data-url") || "/changes.json";
  if (!list || !status || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
  var max = Math.max(1, Math.min(200, Number(box.getAttribute("data-max")) || 20));

  function seconds() {
    var asked = new URLSearchParams(window.location.search).get("poll");
    var s = Number(asked || box.getAttribute("data-interval") || 15);
    if (!isFinite(s) || s <= 0) s = 15;
    return Math.max(s, 0.2);
  }
  var interval = seconds() * 1000;
  var cursor = null;  // the largest seq seen; null before the first answer

  var LABELS = {
    "stance-change": "stance change", "new-blocker": "new blocker", "talks-held": "talks held",
    "talks-proposed": "talks proposed", "talks-ongoing": "talks ongoing",
    "talks-collapsed": "talks collapsed"
  };
  function kindClass(kind) {
    return String(kind).toLowerCase().replace(/[^a-z-]/g, "");
  }

  function item(c, fresh) {
    var li = document.createElement("li");
    li.className = "change" + (fresh ? " fresh" : "");
    li.setAttribute("data-seq", String(c.seq));
    li.setAttribute("data-kind", String(c.kind));
    var kind = document.createElement("span");
    kind.className = "badge change-kind kind-" + kindClass(c.kind);
    kind.textContent = LABELS[c.kind] || String(c.kind);
    var summary = document.createElement("span");
    summary.className = "change-summary";
    summary.textContent = String(c.summary || "");
    li.appendChild(kind);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(summary);
    if (c.detected_at) {
      var when = document.createElement("time");
      when.className = "muted";
      when.setAttribute("datetime", String(c.detected_at));
      when.textContent = " · seen " + String(c.detected_at).replace("T", " ").slice(0, 16);
      li.appendChild(when);
    }
    return li;
  }

  function show(changes, first) {
    var fresh = changes.filter(function (c) {
      return c && typeof c.seq === "number" && (cursor === null || c.seq > cursor);
    });
    fresh.forEach(function (c) {  // oldest first: the newest ends up on top
      list.insertBefore(item(c, !first), list.firstChild);
    });
    while (list.children.length > max) list.removeChild(list.lastChild);
    return fresh;
  }

  function poll() {
    if (document.hidden && cursor !== null) {  // a hidden tab does not poll
      window.setTimeout(poll, interval);
      return;
    }
    var first = cursor === null;
    var query = first ? "?limit=" + max : "?since=" + encodeURIComponent(String(cursor));
    fetch(url + query, { headers: { Accept: "application/json" }, credentials: "same-origin",
                         cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var fresh = show(Array.isArray(data.changes) ? data.changes : [], first);
        var next = typeof data.cursor === "number" ? data.cursor : 0;
        if (cursor === null || next > cursor) cursor = next;
        box.setAttribute("data-cursor", String(cursor));
        status.textContent = list.children.length
          ? "Updated " + new Date().toLocaleTimeString() + "; checks every " +
            interval / 1000 + " s."
          : "No changes logged yet (parley watch logs them); checks every " +
            interval / 1000 + " s.";
        if (!first && fresh.length) {
          document.dispatchEvent(new CustomEvent("parley:changes", { detail: { changes: fresh } }));
        }
      })
      .catch(function (err) {
        status.textContent = "Could not check for changes (" + err.message + "); trying again.";
      })
      .then(function () { window.setTimeout(poll, interval); });
  }
  poll();
})();
