/* Small accessibility fixes to the theme (sphinx-book-theme / pydata-sphinx-theme), on every
 * page, for what only exists once the page runs. Written by commlib (src/commlib/site_static);
 * added to every page by commlib.site. What can be fixed in the HTML is fixed there, so that it
 * holds before (and without) any script: the search button's name
 * (src/commlib/site_templates/search-button-field.html) and the side bar's section
 * toggles (commlib.site.name_section_toggles).
 *
 * - The colour-mode button is named "Color mode" but its icons carry titles ("Light", "Dark",
 *   "System Settings") that count as visible text (axe: label-content-name-mismatch). The icons are decoration:
 *   they are hidden from assistive tools and the button's name says the current mode.
 * - The letter index of genindex.html is a layout table, not a data table: role=presentation.
 * - ipywidgets sliders (noUiSlider) leave the handle, which is what takes the keyboard focus,
 *   without a name (axe: aria-input-field-name): it is named after the widget's description.
 *   Widgets are drawn after the page loads, so new handles are watched for.
 * - Inline SVG charts (commlib.plots.svg_bars, svg_lines, and their browser twins) draw long
 *   labels past the edge of their viewBox, where they are cut off: each chart's viewBox is
 *   widened to hold all of its text (so it scales down a little instead). Charts are drawn
 *   after the page loads too, so new ones are watched for. */
(function () {
  "use strict";

  function modeName() {
    var mode = document.documentElement.dataset.mode || "auto";
    return { light: "light", dark: "dark" }[mode] || "system setting";
  }

  function fixThemeSwitch() {
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll("i, svg").forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.removeAttribute("title");
        icon.removeAttribute("role");
        icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
      });
      button.setAttribute("aria-label", "Color mode: " + modeName());
    });
  }

  function fixIndexTables() {
    document.querySelectorAll("table.indextable").forEach(function (table) {
      if (!table.querySelector("th")) { table.setAttribute("role", "presentation"); }
    });
  }

  function nameSliderHandles(root) {
    (root.querySelectorAll ? root : document).querySelectorAll(".noUi-handle").forEach(
      function (handle) {
        if (handle.getAttribute("aria-label") || handle.getAttribute("aria-labelledby")) {
          return;
        }
        var widget = handle.closest(".widget-slider, .jupyter-widgets");
        var label = widget ? widget.querySelector(".widget-label") : null;
        var text = label ? label.textContent.replace(/\s+/g, " ").trim() : "";
        handle.setAttribute("aria-label", text || "Slider");
      });
  }

  function fitSvg(svg) {
    if (!svg.viewBox || !svg.viewBox.baseVal || !svg.getBBox) { return; }
    var box = svg.viewBox.baseVal;
    if (!box.width) { return; }
    var original = svg.getAttribute("data-commlib-viewbox") || svg.getAttribute("viewBox");
    var parts = original.split(/[\s,]+/).map(Number);
    var left = parts[0], top = parts[1], right = parts[0] + parts[2], bottom = parts[1] + parts[3];
    var changed = false;
    svg.querySelectorAll("text").forEach(function (text) {
      var b;
      try { b = text.getBBox(); } catch (err) { return; }
      if (!b.width) { return; }
      // Rotated text (axis titles): its box in the chart's units, through its transform.
      var ctm = text.getCTM && svg.getCTM ? svg.getCTM().inverse().multiply(text.getCTM()) : null;
      var xs = [b.x, b.x + b.width], ys = [b.y, b.y + b.height];
      xs.forEach(function (x) {
        ys.forEach(function (y) {
          var px = x, py = y;
          if (ctm) { px = ctm.a * x + ctm.c * y + ctm.e; py = ctm.b * x + ctm.d * y + ctm.f; }
          if (px < left - 0.5) { left = px - 4; changed = true; }
          if (px > right + 0.5) { right = px + 4; changed = true; }
          if (py < top - 0.5) { top = py - 4; changed = true; }
          if (py > bottom + 0.5) { bottom = py + 4; changed = true; }
        });
      });
    });
    if (changed) {
      svg.setAttribute("data-commlib-viewbox", original);
      svg.setAttribute("viewBox", [left, top, right - left, bottom - top]
        .map(function (v) { return Math.round(v * 10) / 10; }).join(" "));
    }
  }

  function fitSvgs(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("svg.commlib-svg")) { fitSvg(scope); }
    scope.querySelectorAll("svg.commlib-svg").forEach(fitSvg);
  }

  function watchWidgets() {
    nameSliderHandles(document);
    fitSvgs(document);
    if (!window.MutationObserver) { return; }
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            nameSliderHandles(node.parentNode || node);
            fitSvgs(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  function start() {
    fixThemeSwitch();
    fixIndexTables();
    watchWidgets();
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".theme-switch-button")) {
        window.setTimeout(fixThemeSwitch, 0);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Font Awesome swaps icons for SVGs once the page has loaded: tidy those too.
  window.addEventListener("load", fixThemeSwitch);
})();
