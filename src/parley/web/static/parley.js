// Parley: small behaviours shared by every page. No inline scripts anywhere (CSP).
"use strict";
(function () {
  // A select or date field marked data-autosubmit submits its form on change.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form && el.form.reportValidity()) el.form.requestSubmit();
    });
  });

  // Filter forms leave empty fields out of the URL.
  document.querySelectorAll("form.filters, form.as-of").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (f) {
        if (f.name && f.value === "") f.disabled = true;
      });
    });
  });

  // Article page: hovering an event card outlines its evidence, and the other way round.
  var text = document.getElementById("article-text");
  if (!text) return;
  function marksOf(id) {
    return Array.prototype.filter.call(text.querySelectorAll("mark"), function (m) {
      return (m.getAttribute("data-events") || "").split(" ").indexOf(id) >= 0;
    });
  }
  function setActive(id, on) {
    marksOf(id).forEach(function (m) { m.classList.toggle("active", on); });
    var card = document.getElementById(id);
    if (card) card.classList.toggle("active", on);
  }
  document.querySelectorAll(".event-card").forEach(function (card) {
    var id = card.getAttribute("data-event");
    card.addEventListener("mouseenter", function () { setActive(id, true); });
    card.addEventListener("mouseleave", function () { setActive(id, false); });
  });
  text.querySelectorAll("mark").forEach(function (m) {
    var ids = (m.getAttribute("data-events") || "").split(" ").filter(Boolean);
    m.addEventListener("mouseenter", function () { ids.forEach(function (i) { setActive(i, true); }); });
    m.addEventListener("mouseleave", function () { ids.forEach(function (i) { setActive(i, false); }); });
    m.addEventListener("click", function () {
      var card = ids.length && document.getElementById(ids[0]);
      if (card) card.scrollIntoView({ behavior: "smooth", block: "nearest" });
    });
  });
})();
