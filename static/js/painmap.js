/*
 * Pain map: makes the body chart of the intake form clickable.
 *
 * The tick boxes `name="pain_regions"` stay the source of truth (and the whole form works
 * without this script): each `.pain-area` group of the chart becomes a keyboard-focusable
 * toggle that ticks its box, and ticking a box repaints its shape. With the chart working,
 * the list of boxes folds away into its <details>. A group holds the visible shape and an
 * invisible, finger-sized hit rectangle, so a tap on either lands on the group.
 *
 * Paint mirrors techniques/diagrams.py: marked areas use the chart's hatch pattern. It is
 * set on the group and the shape inherits it (the hit rectangle keeps fill="none").
 */
(function () {
  "use strict";

  var PLAIN = { fill: "#e4ddd2", stroke: "#b0a697", "stroke-width": "1" };
  var MARKED_STROKE = { stroke: "#9a3412", "stroke-width": "1.6" };

  function areaName(area) {
    var title = area.querySelector("title");
    return title ? title.textContent.trim() : area.getAttribute("data-region");
  }

  function paint(area, marked, patternId) {
    var attrs = marked ? MARKED_STROKE : PLAIN;
    Object.keys(attrs).forEach(function (name) {
      area.setAttribute(name, attrs[name]);
    });
    if (marked) {
      area.setAttribute("fill", "url(#" + patternId + ")");
    }
    area.classList.toggle("is-selected", marked);
    area.setAttribute("aria-checked", marked ? "true" : "false");
  }

  function setUp(field) {
    var chart = field.querySelector("svg.pain-map");
    if (!chart) {
      return;
    }
    var pattern = chart.querySelector("pattern");
    var patternId = pattern ? pattern.id : "";
    var summary = field.querySelector("[data-pain-summary]");
    var list = field.querySelector("[data-pain-list]");
    var boxes = {};
    field.querySelectorAll('input[name="pain_regions"]').forEach(function (box) {
      boxes[box.value] = box;
    });

    function refresh() {
      var marked = [];
      chart.querySelectorAll(".pain-area").forEach(function (area) {
        var box = boxes[area.getAttribute("data-region")];
        var on = Boolean(box && box.checked);
        paint(area, on, patternId);
        if (on) {
          marked.push(areaName(area));
        }
      });
      if (summary) {
        summary.textContent = marked.length
          ? "Marked: " + marked.join(", ") + "."
          : "No areas marked yet.";
      }
    }

    function toggle(area) {
      var box = boxes[area.getAttribute("data-region")];
      if (box && !box.disabled) {
        box.checked = !box.checked;
        refresh();
      }
    }

    chart.querySelectorAll(".pain-area").forEach(function (area) {
      if (!boxes[area.getAttribute("data-region")]) {
        return;
      }
      area.setAttribute("tabindex", "0");
      area.setAttribute("role", "checkbox");
      area.setAttribute("aria-label", areaName(area));
      area.addEventListener("click", function () {
        toggle(area);
      });
      area.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Enter" || event.key === "Spacebar") {
          event.preventDefault();
          toggle(area);
        }
      });
    });
    Object.keys(boxes).forEach(function (code) {
      boxes[code].addEventListener("change", refresh);
    });
    field.classList.add("pain-map-ready");
    var hasError = field.querySelector(".invalid-feedback");
    if (list && !hasError) {
      list.removeAttribute("open");
    }
    refresh();
  }

  document.querySelectorAll("[data-pain-map]").forEach(setUp);
})();
