/* Small accessibility fixes to the theme (sphinx-book-theme / pydata-sphinx-theme), on every
 * page. Written by commlib (src/commlib/site_static); added to every page by commlib.site.
 *
 * - The search buttons carry aria-label="Search" but show "Search Ctrl+K": a speech-input
 *   user saying what they see would not match the name (axe: label-content-name-mismatch).
 *   Their visible text is a good name, so the aria-label is dropped.
 * - The colour-mode button is named "Color mode" but its icons carry titles ("Light", "Dark",
 *   "System Settings") that count as visible text (same axe rule). The icons are decoration:
 *   they are hidden from assistive tools and the button's name says the current mode.
 * - The side bar's open/close toggles for a chapter's sections are <summary> elements with only
 *   an icon (axe: summary-name): each is named after its chapter.
 * - The letter index of genindex.html is a layout table, not a data table: role=presentation.
 * - ipywidgets sliders (noUiSlider) leave the handle, which is what takes the keyboard focus,
 *   without a name (axe: aria-input-field-name): it is named after the widget's description.
 *   Widgets are drawn after the page loads, so new handles are watched for. */
(function () {
  "use strict";

  function fixSearchButtons() {
    document.querySelectorAll("button.search-button__button[aria-label]").forEach(function (b) {
      var visible = b.textContent.replace(/\s+/g, " ").trim();
      var label = b.getAttribute("aria-label") || "";
      if (visible && visible !== label &&
          visible.toLowerCase().indexOf(label.toLowerCase()) === 0) {
        b.removeAttribute("aria-label");
      }
    });
  }

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

  function fixSidebarToggles() {
    document.querySelectorAll("details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) { return; }
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      var title = link ? link.textContent.replace(/\s+/g, " ").trim() : "";
      summary.setAttribute("aria-label", title ? "Sections of " + title : "Show sections");
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

  function watchWidgets() {
    nameSliderHandles(document);
    if (!window.MutationObserver) { return; }
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) { nameSliderHandles(node.parentNode || node); }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  function start() {
    fixSearchButtons();
    fixThemeSwitch();
    fixSidebarToggles();
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
