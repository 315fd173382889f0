/* Draw every workbook figure from its data-figure attribute with the plotly.js served by the
 * site, and give kernel-free explorers keyboard-usable, labelled HTML controls.
 * Written by commlib (src/commlib/site_static); loaded only on pages with a figure.
 *
 * Every figure is laid out for the width it has, at draw time, so that no notebook needs
 * re-executing for it (issue 20):
 * - margins come from the labels: every axis has automargin and the stored fixed margins are
 *   cut back to a few pixels (left and right), so that plotly grows them to what the tick
 *   labels and axis titles need;
 * - long category labels, trace names, titles and axis titles are wrapped (<br>) to the width
 *   they have, and horizontal bar charts grow taller when their labels wrap;
 * - a vertical legend beside a narrow plot moves to the foot, below the axis title;
 * - the native plotly slider of an explorer is not drawn on the site (the labelled HTML control
 *   above the figure replaces it), so it cannot overlap the axis title;
 * - once drawn, any text still past the figure's edge is measured and the margin on that side
 *   grown to fit (a title or annotation wider than the figure is wrapped instead);
 * - the figure is laid out again when its width changes (window resize, print). */
(function () {
  "use strict";

  /** Average glyph width of the site's system-ui font, as a fraction of the font size. */
  var CHAR_WIDTH = 0.58;
  /** Smallest left and right margins (px): plotly's automargin grows them to fit labels. */
  var SIDE_MARGIN = 12;
  /** Below this width (px) a vertical legend beside the plot moves to the foot. */
  var NARROW = 640;
  /** Room (px) kept at the foot for a horizontal legend, per line of legend items. */
  var LEGEND_LINE = 24;
  var FIT_ROUNDS = 8;

  function clone(value) { return JSON.parse(JSON.stringify(value)); }

  function visibleText(text) { return String(text == null ? "" : text).replace(/<[^>]+>/g, ""); }

  /** Wrap ``text`` into lines of at most ``maxChars`` characters (at spaces), joined by <br>.
   * Existing line breaks are kept; a word longer than a line stays whole. */
  function wrap(text, maxChars) {
    if (typeof text !== "string" || maxChars < 4) { return text; }
    return text.split(/<br\s*\/?>/i).map(function (line) {
      if (visibleText(line).length <= maxChars || /<[^>]+>/.test(line)) { return line; }
      var out = [], current = "";
      line.split(" ").forEach(function (word) {
        if (!current) { current = word; return; }
        if ((current + " " + word).length <= maxChars) { current += " " + word; return; }
        out.push(current);
        current = word;
      });
      if (current) { out.push(current); }
      return out.join("<br>");
    }).join("<br>");
  }

  function lineCount(text) { return String(text).split(/<br\s*\/?>/i).length; }

  function longest(text) {
    return String(text).split(/<br\s*\/?>/i).reduce(function (n, line) {
      return Math.max(n, visibleText(line).length);
    }, 0);
  }

  function fontSize(layout, part) {
    var size = part && part.font && part.font.size;
    return size || (layout.font && layout.font.size) || 14;
  }

  function tickSize(layout, axis) {
    var a = layout[axis] || {};
    return (a.tickfont && a.tickfont.size) || (layout.font && layout.font.size) || 14;
  }

  function axisName(ref, letter) {
    var n = ref && ref.length > 1 ? ref.slice(1) : "";
    return letter + "axis" + n;
  }

  function isCategories(values) {
    return Array.isArray(values) && values.length > 0 &&
      values.every(function (v) { return typeof v === "string" && isNaN(Number(v)); });
  }

  function titleText(title) {
    if (title == null) { return ""; }
    return typeof title === "string" ? title : title.text || "";
  }

  function setTitle(owner, key, text) {
    if (typeof owner[key] === "string") { owner[key] = { text: text }; } else { owner[key].text = text; }
  }

  /** Which axes of ``data`` hold categories: {"yaxis": count, ...}, and the horizontal bar axes. */
  function categoryAxes(data) {
    var found = {};
    data.forEach(function (trace) {
      ["x", "y"].forEach(function (letter) {
        var values = trace[letter];
        if (!isCategories(values)) { return; }
        var axis = axisName(trace[letter + "axis"], letter);
        var seen = found[axis] || (found[axis] = { names: {}, count: 0, trace: trace.type });
        values.forEach(function (v) {
          if (!seen.names[v]) { seen.names[v] = true; seen.count += 1; }
        });
      });
    });
    return found;
  }

  /** The longest a category label may be on ``axis`` (characters) at container width ``width``. */
  function categoryChars(layout, axis, width, count) {
    var size = tickSize(layout, axis);
    if (axis.charAt(0) === "y") {
      // Labels beside horizontal bars take at most two fifths of the width (a third when narrow).
      var share = width < NARROW ? 0.34 : 0.4;
      return Math.max(12, Math.floor(width * share / (size * CHAR_WIDTH)));
    }
    var slot = (width - 2 * SIDE_MARGIN - 60) / Math.max(count, 1);
    return Math.max(6, Math.floor(slot / (size * CHAR_WIDTH)));
  }

  function wrapCategories(values, chars) {
    return Array.isArray(values) ? values.map(function (v) {
      return typeof v === "string" ? wrap(v, chars) : v;
    }) : values;
  }

  /** Wrap the category values and trace names of traces (or of a Plotly.update data argument,
   * whose values are one array per trace) as ``plan`` says. */
  function wrapTraces(traces, plan) {
    traces.forEach(function (trace) {
      ["x", "y"].forEach(function (letter) {
        var chars = plan.categories[axisName(trace[letter + "axis"], letter)];
        if (chars && isCategories(trace[letter])) {
          trace[letter] = wrapCategories(trace[letter], chars);
        }
      });
      if (typeof trace.name === "string") { trace.name = wrap(trace.name, plan.nameChars); }
    });
    return traces;
  }

  function wrapStep(step, plan) {
    var out = {};
    Object.keys(step).forEach(function (key) {
      var value = step[key];
      if ((key === "x" || key === "y") && Array.isArray(value)) {
        var chars = plan.stepCategories[key];
        out[key] = chars ? value.map(function (v) {
          return isCategories(v) ? wrapCategories(v, chars) : v;
        }) : value;
      } else if (key === "name" && Array.isArray(value)) {
        out[key] = value.map(function (v) { return typeof v === "string" ? wrap(v, plan.nameChars) : v; });
      } else {
        out[key] = value;
      }
    });
    return out;
  }

  /** A copy of ``fig`` laid out for a container ``width`` px wide, and the wrapping plan. */
  function prepare(fig, width, explorer) {
    var data = clone(fig.data || []);
    var layout = clone(fig.layout || {});
    delete layout.width;
    if (explorer) {
      hideHeadline(layout);
      // The labelled HTML control above the figure replaces plotly's own slider on the site.
      delete layout.sliders;
    }
    var margin = layout.margin = Object.assign({ l: 60, r: 20, t: 60, b: 50 }, layout.margin || {});
    margin.l = Math.min(margin.l, SIDE_MARGIN);
    margin.r = Math.min(margin.r, SIDE_MARGIN);
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) { layout[key].automargin = true; }
    });
    ["xaxis", "yaxis"].forEach(function (key) {
      layout[key] = layout[key] || {};
      layout[key].automargin = true;
    });
    var plotWidth = Math.max(width - 2 * SIDE_MARGIN, 120);
    // Titles: the figure title over the whole width, axis titles over the plot.
    if (titleText(layout.title)) {
      setTitle(layout, "title", wrap(titleText(layout.title),
        Math.floor((width - 20) / (fontSize(layout, layout.title) * 1.2 * CHAR_WIDTH))));
    }
    var plan = { categories: {}, stepCategories: {}, nameChars: 60 };
    var cats = categoryAxes(data);
    var extraHeight = 0;
    Object.keys(cats).forEach(function (axis) {
      var chars = categoryChars(layout, axis, width, cats[axis].count);
      plan.categories[axis] = chars;
      plan.stepCategories[axis.charAt(0)] = chars;
      if (axis.charAt(0) === "y") {
        // Wrapped labels need room: each category gets its lines plus a gap.
        var lines = 1;
        Object.keys(cats[axis].names).forEach(function (name) {
          lines = Math.max(lines, lineCount(wrap(name, chars)));
        });
        var perCategory = lines * tickSize(layout, axis) * 1.25 + 10;
        var needed = cats[axis].count * perCategory + margin.t + margin.b + 20;
        extraHeight = Math.max(extraHeight, needed - (layout.height || 450));
      }
    });
    var legend = layout.legend || {};
    var showLegend = layout.showlegend !== false && data.filter(function (t) {
      return t.showlegend !== false && (t.name || t.type === "pie");
    }).length > 1;
    var vertical = legend.orientation !== "h";
    var outside = legend.x == null || legend.x >= 1;
    if (showLegend && vertical && outside && width < NARROW) {
      layout.legend = Object.assign({}, legend,
        { orientation: "h", yref: "container", y: 0, yanchor: "bottom", x: 0, xanchor: "left" });
      vertical = false;
    }
    plan.nameChars = vertical && showLegend ? 28
      : Math.max(12, Math.floor((width - 90) / (fontSize(layout, legend) * 0.62)));
    if (showLegend && !vertical) {
      // Room at the foot for the legend's lines, estimated from the names' lengths.
      var names = data.map(function (t) { return visibleText(wrap(t.name || "", plan.nameChars)); });
      var itemsWidth = names.reduce(function (sum, n) {
        return sum + n.length * fontSize(layout, legend) * CHAR_WIDTH + 50;
      }, 0);
      var legendLines = Math.max(1, Math.ceil(itemsWidth / plotWidth));
      if (layout.legend.yref === "container" && (layout.legend.y || 0) <= 0.05) {
        var wanted = 70 + legendLines * LEGEND_LINE;
        if (margin.b < wanted) { extraHeight += wanted - margin.b; margin.b = wanted; }
      }
    }
    ["xaxis", "yaxis"].forEach(function (key) {
      var axis = layout[key];
      if (!titleText(axis.title)) { return; }
      var room = key === "xaxis" ? plotWidth * 0.9 : (layout.height || 450) * 0.7;
      setTitle(axis, "title", wrap(titleText(axis.title),
        Math.floor(room / (fontSize(layout, axis.title) * CHAR_WIDTH))));
    });
    // Text drawn outside the end of horizontal bars gets room in the right margin, and is not
    // clipped at the edge of the plot.
    data.forEach(function (trace) {
      if (trace.type !== "bar" || trace.orientation !== "h" || trace.textposition !== "outside") {
        return;
      }
      trace.cliponaxis = false;
      var texts = Array.isArray(trace.text) ? trace.text : [trace.text || ""];
      var chars = texts.reduce(function (n, t) { return Math.max(n, longest(t || "")); }, 0);
      var size = (trace.textfont && trace.textfont.size) || (layout.font && layout.font.size) || 14;
      margin.r = Math.max(margin.r, Math.ceil(chars * size * CHAR_WIDTH) + 10);
    });
    // A fixed tick step that would crowd a narrow axis is left to plotly.
    ["xaxis", "yaxis"].forEach(function (key) {
      var axis = layout[key];
      if (axis.dtick && Array.isArray(axis.range) && width < NARROW && axis.tickmode !== "array") {
        var ticks = Math.abs(axis.range[1] - axis.range[0]) / axis.dtick;
        var room = key === "xaxis" ? plotWidth * 0.5 : (layout.height || 450) * 0.6;
        if (room / ticks < 36) { delete axis.dtick; axis.nticks = Math.max(3, Math.floor(room / 50)); }
      }
    });
    // Sankey node labels sit beside their nodes: at most two fifths of the width each.
    data.forEach(function (trace) {
      if (trace.type === "sankey" && trace.node && Array.isArray(trace.node.label)) {
        if (width < NARROW) { trace.textfont = Object.assign({ size: 12 }, trace.textfont || {}); }
        var size = (trace.textfont && trace.textfont.size) || (layout.font && layout.font.size) || 14;
        var chars = Math.max(10, Math.floor(width * (width < NARROW ? 0.28 : 0.4) /
                                            (size * CHAR_WIDTH)));
        trace.node.label = trace.node.label.map(function (t) { return wrap(t, chars); });
      }
    });
    if (extraHeight > 0) { layout.height = (layout.height || 450) + Math.ceil(extraHeight); }
    wrapTraces(data, plan);
    return { data: data, layout: layout, plan: plan };
  }

  /** What of the figure's text lies past its edges, in px per side (0 when none). */
  function overflow(gd) {
    var box = gd.getBoundingClientRect();
    var over = { l: 0, r: 0, t: 0, b: 0 };
    gd.querySelectorAll(".main-svg text").forEach(function (text) {
      if (!text.textContent.trim()) { return; }
      var r = text.getBoundingClientRect();
      if (!r.width && !r.height) { return; }
      over.l = Math.max(over.l, box.left - r.left);
      over.r = Math.max(over.r, r.right - box.right);
      over.t = Math.max(over.t, box.top - r.top);
      over.b = Math.max(over.b, r.bottom - box.bottom);
    });
    return over;
  }

  /** Texts that cannot fit by margins (wider than the figure): wrap them, return the update. */
  function rewrapWide(gd) {
    var width = gd.getBoundingClientRect().width;
    var update = {};
    var layout = gd.layout;
    function shrink(node, current, key) {
      var r = node.getBoundingClientRect();
      var room = width - 2 * SIDE_MARGIN;
      if (r.width <= room || !current) { return; }
      var chars = Math.max(8, Math.floor(longest(current) * room / r.width) - 1);
      var wrapped = wrap(current.replace(/<br\s*\/?>/gi, " "), chars);
      if (wrapped !== current) { update[key] = wrapped; }
    }
    var title = gd.querySelector(".g-gtitle text");
    if (title) { shrink(title, titleText(layout.title), "title.text"); }
    gd.querySelectorAll(".annotation").forEach(function (node) {
      var i = parseInt(node.getAttribute("data-index"), 10);
      var note = (layout.annotations || [])[i];
      if (note && note.visible !== false) { shrink(node, note.text, "annotations[" + i + "].text"); }
    });
    return update;
  }

  /** Grow the margins until no text lies past the figure's edge (a few rounds at most). */
  function fit(gd, round) {
    round = round || 0;
    if (round >= FIT_ROUNDS || !gd._fullLayout) { return Promise.resolve(gd); }
    var update = rewrapWide(gd);
    var over = overflow(gd);
    var size = gd._fullLayout.margin;
    var height = gd._fullLayout.height;
    var grown = false;
    // A plot squeezed narrow by its labels gets fewer x ticks, so that they stay level.
    var xaxis = gd._fullLayout.xaxis;
    if (round === 0 && xaxis && xaxis.type === "linear" && gd._fullLayout._size.w < 240 &&
        !gd.layout.xaxis.dtick) {
      update["xaxis.nticks"] = Math.max(2, Math.floor(gd._fullLayout._size.w / 60));
    }
    ["l", "r", "t", "b"].forEach(function (side) {
      if (over[side] > 0.5) {
        // A little more than the overflow: text inside the plot moves with it as it shrinks.
        // Sankey labels sit beside nodes that move with the plot: grow twice as fast.
        var gain = gd._fullData.some(function (t) { return t.type === "sankey"; }) ? 2 : 1.3;
        update["margin." + side] = Math.ceil(size[side] + over[side] * gain + 6);
        if (side === "t" || side === "b") { height += Math.ceil(over[side] + 4); }
        grown = true;
      }
    });
    if (grown) { update.height = height; }
    if (!Object.keys(update).length) { return Promise.resolve(gd); }
    return Plotly.relayout(gd, update).then(function () { return fit(gd, round + 1); });
  }

  function applyStep(gd, meta, flat) {
    var step = meta.steps[flat];
    var plan = gd._commlibPlan;
    var update = plan ? wrapStep(step, plan) : step;
    var layoutUpdate = { "annotations[0].text": meta.headlines[flat] };
    if (gd.layout.sliders && gd.layout.sliders.length && meta.dims.length === 1) {
      layoutUpdate["sliders[0].active"] = flat;
    }
    return Plotly.update(gd, update, layoutUpdate).then(function () {
      var readout = document.getElementById(gd.id + "-readout");
      if (readout) { readout.textContent = meta.headlines[flat]; }
      gd.dataset.step = String(flat);
      if (window.performance && performance.mark) { performance.mark("commlib-step-drawn"); }
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
      var wrapper = document.createElement("div");
      wrapper.className = "commlib-explorer-control";
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
        if (window.performance && performance.mark) { performance.mark("commlib-step-input"); }
        applyStep(gd, meta, flatIndex(meta, indices));
      });
      inputs.push(input);
      wrapper.appendChild(label);
      wrapper.appendChild(input);
      if (output) { wrapper.appendChild(output); }
      box.appendChild(wrapper);
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

  function containerWidth(div) {
    return Math.round(div.getBoundingClientRect().width) || div.parentNode.clientWidth || 640;
  }

  /** Lay the figure out again for its current width (keeping an explorer's step). */
  function redraw(div, fig, meta, config) {
    var width = containerWidth(div);
    var prepared = prepare(fig, width, !!meta);
    div._commlibPlan = prepared.plan;
    div._commlibWidth = width;
    // Plotly animates a Sankey diagram from its old layout on react, and `fit` would measure
    // a frame of the animation: draw it afresh instead.
    var sankey = (fig.data || []).some(function (t) { return t.type === "sankey"; });
    var drawn = (sankey ? Plotly.newPlot : Plotly.react)(div, prepared.data, prepared.layout,
                                                         config);
    return drawn.then(function () {
      if (meta && div.dataset.step) {
        return applyStep(div, meta, parseInt(div.dataset.step, 10));
      }
    }).then(function () { return fit(div); });
  }

  function watchWidth(div, fig, meta, config) {
    if (!window.ResizeObserver) { return; }
    var timer = null;
    var busy = Promise.resolve();
    new ResizeObserver(function () {
      var width = containerWidth(div);
      if (Math.abs(width - (div._commlibWidth || 0)) < 8) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        busy = busy.then(function () {
          if (Math.abs(containerWidth(div) - (div._commlibWidth || 0)) < 8) { return null; }
          return redraw(div, fig, meta, config);
        });
      }, 120);
    }).observe(div);
  }

  function render(div) {
    var fig;
    try {
      fig = JSON.parse(div.getAttribute("data-figure"));
    } catch (err) {
      div.textContent = "This figure could not be read.";
      return;
    }
    // The loader, not plotly, follows the width: it lays the figure out again (wrapping
    // labels), where plotly's own "responsive" would only stretch it.
    var config = Object.assign({ displaylogo: false, displayModeBar: false },
                               fig.config || {}, { responsive: false });
    var meta = fig.layout && fig.layout.meta && fig.layout.meta.commlib_explorer;
    var width = containerWidth(div);
    var prepared = prepare(fig, width, !!meta);
    div._commlibPlan = prepared.plan;
    div._commlibWidth = width;
    Plotly.newPlot(div, prepared.data, prepared.layout, config).then(function (gd) {
      checkTraceTypes(gd, fig.data || []);
      if (meta) { addControls(gd, meta); }
      return fit(gd);
    }).then(function (gd) {
      div.dataset.rendered = "true";
      // For `make bench`: time from navigation to the first figure drawn.
      if (window.performance && performance.mark &&
          !performance.getEntriesByName("commlib-first-plot").length) {
        performance.mark("commlib-first-plot");
      }
      watchWidth(div, fig, meta, config);
      return gd;
    });
  }

  function start() {
    document.querySelectorAll("div.commlib-plotly").forEach(render);
  }

  // For the tests and the handouts: lay every figure out again now (e.g. at the print width),
  // resolving once all are drawn.
  window.commlibRelayout = function () {
    return Promise.all(Array.from(document.querySelectorAll("div.commlib-plotly"))
      .filter(function (div) { return div.dataset.rendered === "true"; })
      .map(function (div) {
        var fig = JSON.parse(div.getAttribute("data-figure"));
        var meta = fig.layout && fig.layout.meta && fig.layout.meta.commlib_explorer;
        var config = Object.assign({ displaylogo: false, displayModeBar: false },
                                   fig.config || {}, { responsive: false });
        return redraw(div, fig, meta, config);
      }));
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
