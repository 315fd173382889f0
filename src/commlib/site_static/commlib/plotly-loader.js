/* Draw every workbook figure from its data-figure attribute with the plotly.js served by the
 * site, and give kernel-free explorers keyboard-usable, labelled HTML controls.
 * Written by commlib (src/commlib/site_static); loaded only on pages with a figure. */
(function () {
  "use strict";

  function applyStep(gd, meta, flat) {
    var step = meta.steps[flat];
    var update = {};
    Object.keys(step).forEach(function (key) { update[key] = step[key]; });
    var layoutUpdate = { "annotations[0].text": meta.headlines[flat] };
    if (gd.layout.sliders && gd.layout.sliders.length && meta.dims.length === 1) {
      layoutUpdate["sliders[0].active"] = flat;
    }
    return Plotly.update(gd, update, layoutUpdate).then(function () {
      var readout = document.getElementById(gd.id + "-readout");
      if (readout) { readout.textContent = meta.headlines[flat]; }
      gd.dataset.step = String(flat);
    });
  }

  function flatIndex(meta, indices) {
    var flat = 0;
    meta.dims.forEach(function (dim, d) { flat = flat * dim.labels.length + indices[d]; });
    return flat;
  }

  function addControls(gd, meta) {
    var box = document.createElement("div");
    box.className = "commlib-explorer-controls";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Explorer controls");
    var indices = meta.initial.slice();
    var inputs = [];
    meta.dims.forEach(function (dim, d) {
      var id = gd.id + "-control-" + d;
      var wrap = document.createElement("div");
      wrap.className = "commlib-explorer-control";
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = dim.label;
      var input;
      var output = null;
      if (dim.labels.length <= 8 && isNaN(parseFloat(dim.labels[0]))) {
        input = document.createElement("select");
        dim.labels.forEach(function (text, i) {
          var option = document.createElement("option");
          option.value = String(i);
          option.textContent = text;
          input.appendChild(option);
        });
        input.value = String(indices[d]);
      } else {
        input = document.createElement("input");
        input.type = "range";
        input.min = "0";
        input.max = String(dim.labels.length - 1);
        input.step = "1";
        input.value = String(indices[d]);
        input.setAttribute("aria-valuetext", dim.labels[indices[d]]);
        output = document.createElement("output");
        output.setAttribute("for", id);
        output.textContent = dim.labels[indices[d]];
      }
      input.id = id;
      input.dataset.dim = String(d);
      input.addEventListener("input", function () {
        indices[d] = parseInt(input.value, 10);
        if (output) {
          output.textContent = dim.labels[indices[d]];
          input.setAttribute("aria-valuetext", dim.labels[indices[d]]);
        }
        applyStep(gd, meta, flatIndex(meta, indices));
      });
      inputs.push(input);
      wrap.appendChild(label);
      wrap.appendChild(input);
      if (output) { wrap.appendChild(output); }
      box.appendChild(wrap);
    });
    var readout = document.createElement("p");
    readout.className = "commlib-explorer-readout";
    readout.id = gd.id + "-readout";
    readout.setAttribute("aria-live", "polite");
    readout.textContent = meta.headlines[flatIndex(meta, indices)];
    gd.parentNode.insertBefore(box, gd);
    gd.parentNode.insertBefore(readout, gd);
    gd.dataset.explorer = meta.name;
    gd.dataset.step = String(flatIndex(meta, indices));
    if (meta.dims.length === 1) {
      gd.on("plotly_sliderchange", function (event) {
        var i = event.slider.active;
        indices[0] = i;
        inputs[0].value = String(i);
        inputs[0].dispatchEvent(new Event("input"));
      });
    }
  }

  // On the page the headline is the readout above the figure (read out by screen readers), so
  // the copy drawn inside the plot for JupyterLab is hidden and the top margin kept for it is
  // cut back to 40 px.
  function hideHeadline(layout) {
    (layout.annotations || []).forEach(function (note) {
      if (note.name === "headline") { note.visible = false; }
    });
    if (layout.margin && layout.margin.t > 40) { layout.margin.t = 40; }
  }

  // plotly.js draws a trace type it does not know as a scatter, silently. The site's plotly.js
  // is a partial bundle (scripts/plotly-bundle.js), so say so loudly: the browser tests fail
  // on any console error.
  function checkTraceTypes(gd, data) {
    data.forEach(function (trace, i) {
      var wanted = trace.type || "scatter";
      var drawn = gd._fullData && gd._fullData[i] && gd._fullData[i].type;
      if (drawn !== wanted) {
        console.error("commlib: the site's plotly.js cannot draw '" + wanted + "' traces; " +
                      "add plotly.js/lib/" + wanted + " to scripts/plotly-bundle.js");
      }
    });
  }

  function render(div) {
    var fig;
    try {
      fig = JSON.parse(div.getAttribute("data-figure"));
    } catch (err) {
      div.textContent = "This figure could not be read.";
      return;
    }
    var config = Object.assign({ responsive: true, displaylogo: false, displayModeBar: false },
                               fig.config || {});
    var meta = fig.layout && fig.layout.meta && fig.layout.meta.commlib_explorer;
    if (meta) { hideHeadline(fig.layout); }
    Plotly.newPlot(div, fig.data, fig.layout, config).then(function (gd) {
      checkTraceTypes(gd, fig.data || []);
      if (meta) { addControls(gd, meta); }
      div.dataset.rendered = "true";
      // For `make bench`: time from navigation to the first figure drawn.
      if (window.performance && performance.mark &&
          !performance.getEntriesByName("commlib-first-plot").length) {
        performance.mark("commlib-first-plot");
      }
    });
  }

  function start() {
    document.querySelectorAll("div.commlib-plotly").forEach(render);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
