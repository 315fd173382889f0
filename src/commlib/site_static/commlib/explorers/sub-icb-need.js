/* Need index by sub-ICB location (commlib.widgets.browser_needs): the site twin of
 * needs.live_explorer. The ICB box is read as needs.find_icb reads it (Python's whitespace and
 * case folding, exported by commlib: an exact name or code first, then the first name that
 * contains the text); an empty box shows every ICB. The bars, their order and values come
 * ready from commlib; the chart is commlib.plots.svg_bars, ported. Proven equal to the live
 * widget by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // plots.svg_bars as the runtime draws it, with commlib's palette and a colour per bar.
  function svgBars(api, svg, values, opts) {
    if (!values.length) throw new Error("nothing to draw: the chart has no bars");
    return api.svgBars(values, Object.assign({}, opts, { barColours: opts.colours, colours: svg }));
  }

  // needs.icb_text: " ".join(text.split()).casefold(), with Python's whitespace and folding.
  function icbText(text, rules) {
    var words = [], word = "";
    Array.from(String(text || "")).forEach(function (ch) {
      if (rules.spaces.indexOf(ch) >= 0) {
        if (word) words.push(word);
        word = "";
      } else {
        word += ch;
      }
    });
    if (word) words.push(word);
    // Names and codes are ASCII: a character that folds to something else not ASCII can match
    // nothing, whatever it folds to, so it is kept as it is.
    return Array.from(words.join(" ")).map(function (ch) {
      if (ch.charCodeAt(0) < 128) return ch.toLowerCase();
      return Object.prototype.hasOwnProperty.call(rules.folds, ch) ? rules.folds[ch] : ch;
    }).join("");
  }

  // needs.find_icb: the index of the ICB named (or coded) by the text.
  function findIcb(data, text, api) {
    var wanted = icbText(text, data.text), i;
    for (i = 0; i < data.codes.length; i += 1) {
      if (data.folded_names[i] === wanted || data.folded_codes[i] === wanted) return i;
    }
    for (i = 0; i < data.codes.length; i += 1) {
      if (data.folded_names[i].indexOf(wanted) >= 0) return i;
    }
    throw new api.Refusal(data.no_match[0] + String(text) + data.no_match[1]);
  }

  function headline(api, sentence) {
    return '<p class="commlib-headline" role="status">' + api.escape(sentence) + "</p>";
  }

  function everyIcb(data, component, api) {
    var fmt = api.fmt, part = data.components[component], every = data.every[component];
    var names = every.order.map(function (code) { return data.names[data.codes.indexOf(code)]; });
    var n = names.length;
    var sentence = "Every ICB in " + data.year + ": need index for " + part + " from " +
      fmt.index(every.values[0]) + " (" + names[0] + ") to " + fmt.index(every.values[n - 1]) +
      " (" + names[n - 1] + "), across " + fmt.count(n) +
      " ICBs. Type part of an ICB's name to see its sub-ICB locations.";
    var chart = svgBars(api, data.svg, names.map(function (name, i) {
      return [name, every.values[i]];
    }), {
      title: "Need index, " + part + ", every ICB, " + data.year,
      valueLabel: "Need index (England = 1)", format: function (v) { return fmt.index(v); },
      barHeight: data.every_bar_height, reference: 1, referenceLabel: "England = 1",
    });
    return headline(api, sentence) + chart;
  }

  window.commlibBx.defineModule("sub-icb-need", {
    render: function (values, data, api) {
      var fmt = api.fmt, component = values.component, part = data.components[component];
      if (!icbText(values.icb, data.text)) return everyIcb(data, component, api);
      var i = findIcb(data, values.icb, api), code = data.codes[i], name = data.names[i];
      var icb = data.icbs[code], cell = icb[component];
      var bars = cell.order.map(function (k, j) { return [icb.labels[k], cell.values[j]]; });
      var sentence = name + ": need index " + fmt.index(cell.values[0]) + " for " + part +
        " in " + data.year + ", across " + fmt.count(bars.length - 1) + " sub-ICB locations.";
      var chart = svgBars(api, data.svg, bars, {
        title: "Need index, " + part + ", " + data.year,
        valueLabel: "Need index (England = 1)", format: function (v) { return fmt.index(v); },
        reference: 1, referenceLabel: "England = 1",
      });
      return headline(api, sentence) + chart;
    },
  });
})();
