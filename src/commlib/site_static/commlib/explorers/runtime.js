/* Kernel-free explorers (commlib.widgets.browser): the live widget's controls, run in the browser.
 *
 * Each <div class="commlib-bx"> holds its spec (controls, title, note, module and data names)
 * as JSON. This runtime draws the controls as real form fields with the live widget's labels,
 * and, when the reader scrolls near the explorer, loads its module (explorers/<module>.js) and
 * the data commlib exported at build time (explorers/data/<data>.js). On every change the
 * module's render(values, data, api) returns the result HTML; a refusal (api.Refusal) is shown
 * as the model's sentence and the last good result stays. Results and messages are announced
 * (aria-live). The settings live in the page address, so a reload keeps them and a link shares
 * them. Nothing is sent anywhere. */
(function () {
  "use strict";
  if (window.commlibBx && window.commlibBx.runtime) return;

  var script = document.currentScript;
  var BASE = script ? script.src.replace(/runtime\.js(?:[?#].*)?$/, "") : "";
  var modules = {}, datasets = {}, pending = {};

  function Refusal(message) {
    this.name = "Refusal";
    this.message = message;
  }
  Refusal.prototype = Object.create(Error.prototype);

  function load(src) {
    if (!pending[src]) {
      pending[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(tag);
      });
    }
    return pending[src];
  }

  /* ---- Numbers as commlib.fmt prints them ------------------------------------------------ */
  var MINUS = "\u2212";

  // The shortest decimal that reads back as x (Python's repr), as digits and a point position.
  function decimalOf(x) {
    var text = Math.abs(x).toString(), exp = 0, e = text.indexOf("e");
    if (e >= 0) { exp = parseInt(text.slice(e + 1), 10); text = text.slice(0, e); }
    var point = text.indexOf(".");
    var digits = point >= 0 ? text.slice(0, point) + text.slice(point + 1) : text;
    var intLen = (point >= 0 ? point : text.length) + exp;
    return { digits: digits, intLen: intLen };
  }

  // |x| rounded half away from zero to dp places on its shortest decimal, as text (no sign).
  function roundedText(x, dp) {
    var d = decimalOf(x), digits = d.digits, intLen = d.intLen;
    // Pad so that the digit after the last kept one exists.
    if (intLen < 0) { digits = "0".repeat(-intLen) + digits; intLen = 0; }
    var keep = intLen + dp;
    while (digits.length < keep + 1) digits += "0";
    var kept = digits.slice(0, keep).split("").map(Number);
    if (Number(digits.charAt(keep)) >= 5) {
      var i = kept.length - 1;
      while (i >= 0 && kept[i] === 9) { kept[i] = 0; i -= 1; }
      if (i >= 0) kept[i] += 1; else { kept.unshift(1); intLen += 1; }
    }
    var whole = kept.slice(0, kept.length - dp).join("").replace(/^0+(?=\d)/, "") || "0";
    var frac = kept.slice(kept.length - dp).join("");
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return dp > 0 ? whole + "." + frac : whole;
  }

  function check(x, func) {
    if (typeof x !== "number" || isNaN(x)) throw new Error(func + "() was given no number");
    if (!isFinite(x)) throw new Error(func + "() was given an infinite number");
    return x;
  }

  function signed(x, dp, prefix, suffix, plus) {
    var text = roundedText(x, dp);
    var zero = !/[1-9]/.test(text);
    var sign = x < 0 && !zero ? MINUS : (plus && !zero ? "+" : "");
    return sign + (prefix || "") + text + (suffix || "");
  }

  var fmt = {
    MINUS: MINUS,
    money: function (v, dp) { return signed(check(v, "money"), dp || 0, "£"); },
    money_k: function (v, dp) { return signed(check(v, "money_k") / 1e3, dp || 0, "£", "k"); },
    money_m: function (v, dp) {
      return signed(check(v, "money_m") / 1e6, dp === undefined ? 1 : dp, "£", "m");
    },
    money_bn: function (v, dp) {
      return signed(check(v, "money_bn") / 1e9, dp === undefined ? 1 : dp, "£", "bn");
    },
    per_head: function (v, dp) { return signed(check(v, "per_head"), dp || 0, "£") + " per head"; },
    count: function (v) { return signed(check(v, "count"), 0); },
    pct: function (v, dp) { return signed(check(v, "pct") * 100, dp === undefined ? 1 : dp, "", "%"); },
    signed_pct: function (v, dp) {
      return signed(check(v, "signed_pct") * 100, dp === undefined ? 1 : dp, "", "%", true);
    },
    index: function (v, dp) { return signed(check(v, "index"), dp === undefined ? 3 : dp); },
    people: function (v, dp) {
      check(v, "people");
      var whole = roundedText(v, 0);
      if (Number(whole.replace(/,/g, "")) >= 1e6) {
        return signed(v / 1e6, dp === undefined ? 1 : dp, "", " million");
      }
      return whole;
    },
  };

  /* ---- Python's rounding, for the sums the models round -------------------------------- */
  // round(x, 2) as Python does it: correctly rounded from x's exact binary value, ties to even.
  // toFixed rounds the exact value too, but ties away from zero; a tie is exact only when x
  // is an odd multiple of 1/200 that is also a binary fraction (the odd numerator divisible
  // by 25, e.g. 0.125).
  function pyRound2(x) {
    var scaled = x * 100, floor = Math.floor(scaled), odd = 2 * floor + 1;
    if (scaled - floor === 0.5 && odd % 25 === 0 && odd / 200 === x) {
      return (floor % 2 === 0 ? floor : floor + 1) / 100;
    }
    return Number(x.toFixed(2));
  }

  // Python's round(x) for a float: to the nearest integer, ties to even.
  function pyRound(x) {
    var floor = Math.floor(x), diff = x - floor;
    if (diff === 0.5) return floor % 2 === 0 ? floor : floor + 1;
    return diff > 0.5 ? floor + 1 : floor;
  }

  /* ---- Python's format() of a float, for modules that print numbers as Python does ---------------------------------------------------- */
  // The exact decimal value of a finite float: digits (no trailing zeros) and the number of
  // digits before the decimal point (value = 0.digits x 10^point).
  function exactDecimal(x) {
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    var hi = view.getUint32(0), lo = view.getUint32(4);
    var negative = hi >>> 31 === 1, biased = (hi >>> 20) & 0x7ff;
    var mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (biased === 0) biased = 1; else mantissa |= 1n << 52n;
    var e = biased - 1075, digits, point;
    if (mantissa === 0n) return { negative: negative, digits: "", point: 0 };
    if (e >= 0) {
      digits = (mantissa << BigInt(e)).toString();
      point = digits.length;
    } else {
      digits = (mantissa * 5n ** BigInt(-e)).toString();
      point = digits.length + e;
    }
    return { negative: negative, digits: digits.replace(/0+$/, ""), point: point };
  }

  // Keep the first `keep` digits, rounding the exact value half to even (as Python does).
  function roundDigits(d, keep) {
    var digits = d.digits, point = d.point;
    if (keep >= digits.length) return { digits: digits + "0".repeat(keep - digits.length), point: point };
    if (keep < 0) return { digits: "", point: point };
    var kept = digits.slice(0, keep), next = digits.charAt(keep), more = digits.length > keep + 1;
    var lastOdd = keep > 0 && Number(kept.charAt(keep - 1)) % 2 === 1;
    if (next > "5" || (next === "5" && (more || lastOdd))) {
      var bumped = (BigInt(kept || "0") + 1n).toString();
      if (bumped.length > keep) { point += 1; bumped = bumped.slice(0, Math.max(keep, 1)); }
      if (keep === 0) { return { digits: "1", point: point }; }
      return { digits: bumped, point: point };
    }
    return { digits: kept, point: point };
  }

  function commas(whole) { return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // The digits of r (rounded) as fixed text with dp decimals.
  function fixedText(r, dp) {
    var digits = r.digits, point = r.point, whole, frac;
    if (point <= 0) {
      whole = "0";
      frac = ("0".repeat(-point) + digits);
    } else {
      var padded = digits.length < point ? digits + "0".repeat(point - digits.length) : digits;
      whole = padded.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
      frac = padded.slice(point);
    }
    frac = (frac + "0".repeat(dp)).slice(0, dp);
    return { whole: whole, frac: frac };
  }

  // format(x, ".{dp}f") and format(x, ",.{dp}f").
  function pyFixed(x, dp, comma) {
    var d = exactDecimal(x), r = roundDigits(d, d.point + dp), t = fixedText(r, dp);
    var whole = comma ? commas(t.whole) : t.whole;
    return (d.negative ? "-" : "") + whole + (dp > 0 ? "." + t.frac : "");
  }

  /* ---- HTML as commlib.plots writes it --------------------------------------------------- */
  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function table(rows, headers, caption) {
    var head = headers.map(function (h) { return '<th scope="col">' + escape(h) + "</th>"; });
    var body = rows.map(function (row) {
      return "<tr>" + row.map(function (c) { return "<td>" + escape(c) + "</td>"; }).join("") +
        "</tr>";
    });
    return '<div class="commlib-table-wrap" tabindex="0" role="region" aria-label="' +
      escape(caption) + '"><table class="commlib-table"><caption>' + escape(caption) +
      "</caption><thead><tr>" + head.join("") + "</tr></thead><tbody>" + body.join("") +
      "</tbody></table></div>";
  }

  // plots.svg_bars: a horizontal bar chart as inline SVG, each bar labelled with its value.
  // entries: [[label, value], ...]; the same text (title, description, labels, values) and
  // geometry as commlib writes.
  function svgBars(entries, options) {
    // entries may also be a {label: value} mapping, as svg_bars takes in Python.
    if (!Array.isArray(entries)) {
      entries = Object.keys(entries).map(function (k) { return [k, entries[k]]; });
    }
    var o = options, width = o.width || 640, barHeight = o.barHeight || 26;
    var labelW = 210, valueW = 110, top = 36, plotW = width - labelW - valueW - 10;
    var values = entries.map(function (e) { return e[1]; });
    var ref = o.reference === undefined || o.reference === null ? null : o.reference;
    var low = Math.min.apply(null, [0].concat(values, [ref === null ? 0 : ref]));
    var high = Math.max.apply(null, [0].concat(values, [ref === null ? 0 : ref]));
    var span = (high - low) || 1;
    var sx = function (v) { return labelW + (v - low) / span * plotW; };
    // o.colours: the palette (text, blue, vermillion, black; plots' by default); o.barColours:
    // a colour by bar label, as svg_bars' colours argument.
    var c = Object.assign({ text: "#1a1a1a", blue: "#0072B2", vermillion: "#D55E00",
                            black: "#000000" }, o.colours || {});
    if (o.colours && o.colours.text_colour) c.text = o.colours.text_colour;  // commlib's name
    var height = top + barHeight * entries.length + 30;
    var desc = entries.map(function (e) { return e[0] + ": " + o.format(e[1]); }).join("; ");
    var parts = [
      '<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg commlib-svg-wide" role="img" viewBox="0 0 ' +
        width + " " + height + '" width="100%" style="max-width:' + width + 'px">',
      "<title>" + escape(o.title) + "</title><desc>" + escape(o.valueLabel + ". " + desc) +
        "</desc>",
      '<rect x="0" y="0" width="' + width + '" height="' + height + '" fill="#ffffff"/>',
      '<text x="4" y="20" font-size="14" font-weight="bold" fill="' + c.text + '">' +
        escape(o.title) + "</text>",
    ];
    entries.forEach(function (e, n) {
      var y = top + n * barHeight, a = sx(0), b = sx(e[1]);
      var x0 = Math.min(a, b), x1 = Math.max(a, b);
      var colour = (o.barColours && o.barColours[e[0]]) || (e[1] >= 0 ? c.blue : c.vermillion);
      parts.push('<text x="' + (labelW - 8) + '" y="' + (y + barHeight * 0.65).toFixed(1) +
        '" text-anchor="end" font-size="12" fill="' + c.text + '">' + escape(e[0]) + "</text>" +
        '<rect x="' + x0.toFixed(1) + '" y="' + (y + 3) + '" width="' +
        Math.max(x1 - x0, 1).toFixed(1) + '" height="' + (barHeight - 6) + '" fill="' + colour +
        '" data-bar="' + escape(e[0]) + '" data-value="' + e[1].toFixed(4) + '"/>' +
        '<text x="' + (labelW + plotW + 8) + '" y="' + (y + barHeight * 0.65).toFixed(1) +
        '" font-size="12" fill="' + c.text + '">' + escape(o.format(e[1])) + "</text>");
    });
    if (ref !== null) {
      var rx = sx(ref).toFixed(1);
      parts.push('<line x1="' + rx + '" x2="' + rx + '" y1="' + (top - 4) + '" y2="' +
        (top + barHeight * entries.length) + '" stroke="' + c.black + '" stroke-dasharray="4 3"/>');
      if (o.referenceLabel) {
        parts.push('<text x="' + rx + '" y="' + (top + barHeight * entries.length + 16) +
          '" text-anchor="middle" font-size="12" fill="' + c.text + '">' +
          escape(o.referenceLabel) + "</text>");
      }
    }
    parts.push('<text x="' + (labelW + plotW / 2).toFixed(1) + '" y="' + (height - 2) +
      '" text-anchor="middle" font-size="12" fill="' + c.text + '">' + escape(o.valueLabel) +
      "</text></svg>");
    return parts.join("") + svgBarsNarrow(entries, o, c, desc, low, high, ref);
  }

  // plots.wrap_words: greedy word wrap, lines of at most `most` characters.
  function wrapWords(text, most) {
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && line.length + 1 + word.length > most) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    lines.push(line);
    return lines;
  }

  // plots._svg_bars_narrow: the phone layout (labels above bars, title wrapped).
  function svgBarsNarrow(entries, o, c, desc, low, high, ref) {
    var width = 360, valueW = 96, left = 4, plotW = width - left - valueW;
    var span = (high - low) || 1;
    var sx = function (v) { return left + (v - low) / span * plotW; };
    var titleLines = wrapWords(o.title, 36), body = [];
    titleLines.forEach(function (line, n) {
      body.push('<text x="4" y="' + (18 + 18 * n) + '" font-size="14" font-weight="bold" fill="' +
        c.text + '">' + escape(line) + "</text>");
    });
    var y = 18 * titleLines.length + 10, firstBar = null;
    entries.forEach(function (e) {
      wrapWords(e[0], 44).forEach(function (line) {
        y += 15;
        body.push('<text x="' + left + '" y="' + y + '" font-size="12" fill="' + c.text + '">' +
          escape(line) + "</text>");
      });
      y += 4;
      if (firstBar === null) firstBar = y;
      var a = sx(0), b = sx(e[1]), x0 = Math.min(a, b), x1 = Math.max(a, b);
      var colour = (o.barColours && o.barColours[e[0]]) || (e[1] >= 0 ? c.blue : c.vermillion);
      body.push('<rect x="' + x0.toFixed(1) + '" y="' + y + '" width="' +
        Math.max(x1 - x0, 1).toFixed(1) + '" height="16" fill="' + colour + '"/>' +
        '<text x="' + (x1 + 6).toFixed(1) + '" y="' + (y + 12) + '" font-size="12" ' +
        'paint-order="stroke" stroke="#ffffff" stroke-width="3" fill="' +
        c.text + '">' + escape(o.format(e[1])) + "</text>");
      y += 22;
    });
    if (ref !== null) {
      var rx = sx(ref).toFixed(1);
      body.splice(titleLines.length, 0, '<line x1="' + rx + '" x2="' + rx + '" y1="' +
        (firstBar - 2) + '" y2="' + (y - 4) + '" stroke="' + c.black +
        '" stroke-dasharray="4 3"/>');
      if (o.referenceLabel) {
        y += 14;
        body.push('<text x="' + rx + '" y="' + y + '" text-anchor="middle" font-size="12" fill="' +
          c.text + '">' + escape(o.referenceLabel) + "</text>");
      }
    }
    y += 3;
    wrapWords(o.valueLabel, 44).forEach(function (line) {
      y += 15;
      body.push('<text x="' + left + '" y="' + y + '" font-size="12" fill="' + c.text + '">' +
        escape(line) + "</text>");
    });
    var height = y + 6;
    return '<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg commlib-svg-narrow" ' +
      'role="img" viewBox="0 0 ' + width + " " + height + '" width="100%" style="display:none">' +
      "<title>" + escape(o.title) + "</title><desc>" + escape(o.valueLabel + ". " + desc) +
      "</desc>" + '<rect x="0" y="0" width="' + width + '" height="' + height +
      '" fill="#ffffff"/>' + body.join("") + "</svg>";
  }

  // allocation.round_to_total_pence: whole pence adding up to totalPence, by largest remainder
  // (ties to the share listed first); exact with BigInt for any total.
  function roundToTotalPence(exact, totalPence) {
    var floors = exact.map(Math.floor);
    var result = floors.map(function (f) { return BigInt(f); });
    var remainders = exact.map(function (e, i) { return e - floors[i]; });
    var leftover = BigInt(totalPence) - result.reduce(function (a, b) { return a + b; }, 0n);
    var order = remainders.map(function (r, i) { return i; });
    if (leftover > 0n) {
      order.sort(function (a, b) { return remainders[b] - remainders[a] || a - b; });
      for (var i = 0; i < Number(leftover); i += 1) result[order[i]] += 1n;
    } else if (leftover < 0n) {
      order.sort(function (a, b) { return remainders[a] - remainders[b] || a - b; });
      order = order.filter(function (i) { return result[i] > 0n; });
      for (var j = 0; j < Number(-leftover); j += 1) result[order[j]] -= 1n;
    }
    return result;
  }

  // allocation.weighted_capitation_pence, given the weights' total as commlib summed it.
  function sharesPence(weights, weightSum, totalPence) {
    return roundToTotalPence(weights.map(function (w) { return w / weightSum * totalPence; }),
                             totalPence);
  }

  // A part of a twin's data that is loaded only when a setting needs it (browser.Parts):
  // returns it, or starts loading it and throws Pending (the runtime renders again once it
  // has arrived).
  function Pending(promise) { this.name = "Pending"; this.promise = promise; }
  function need(name) {
    if (datasets[name]) return datasets[name];
    throw new Pending(load(BASE + "data/" + name + ".js"));
  }

  var api = { fmt: fmt, escape: escape, table: table, Refusal: Refusal, pyRound2: pyRound2,
              pyRound: pyRound, svgBars: svgBars, need: need,
              roundToTotalPence: roundToTotalPence, sharesPence: sharesPence,
              python: { exactDecimal: exactDecimal, roundDigits: roundDigits, commas: commas,
                        fixedText: fixedText, pyFixed: pyFixed } };

  /* ---- Controls --------------------------------------------------------------------------- */
  var counter = 0;

  function controlValue(spec, element) {
    if (spec.kind === "checkbox") return element.checked;
    if (spec.kind === "select") return spec.options[Number(element.value)][1];
    if (spec.kind === "radio") {
      var checked = element.querySelector("input:checked");
      return spec.options[Number(checked ? checked.value : 0)][1];
    }
    if (spec.kind === "range") return Number(element.value);
    if (spec.kind === "number") return parseNumber(element.value);
    return element.value;
  }

  // What a reader types into a number box: "107,600", " 5 ", "1e3". Anything else is NaN.
  function parseNumber(text) {
    var cleaned = String(text).replace(/[,\s£]/g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return NaN;
    return Number(cleaned);
  }

  function optionIndex(spec, value) {
    for (var i = 0; i < spec.options.length; i += 1) {
      if (String(spec.options[i][1]) === String(value)) return i;
    }
    return -1;
  }

  function setControl(spec, element, text) {
    if (spec.kind === "checkbox") { element.checked = text === true || text === "true"; return; }
    if (spec.kind === "select") {
      var i = optionIndex(spec, text);
      if (i >= 0) element.value = String(i);
      return;
    }
    if (spec.kind === "radio") {
      var j = optionIndex(spec, text);
      if (j >= 0) element.querySelectorAll("input")[j].checked = true;
      return;
    }
    element.value = String(text);
    if (spec.kind === "range") element.dispatchEvent(new Event("input"));
  }

  function stateText(spec, value) {
    return spec.kind === "number" ? String(value) : String(value);
  }

  function buildControl(spec, id) {
    var wrap = document.createElement("div");
    wrap.className = "commlib-bx-control commlib-bx-" + spec.kind;
    var element;
    if (spec.kind === "radio") {
      element = document.createElement("fieldset");
      element.id = id;
      var legend = document.createElement("legend");
      legend.textContent = spec.label;
      element.appendChild(legend);
      spec.options.forEach(function (option, i) {
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = id;
        input.value = String(i);
        input.checked = String(option[1]) === String(spec.value);
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + option[0]));
        element.appendChild(label);
      });
      wrap.appendChild(element);
      return { wrap: wrap, element: element };
    }
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = spec.label;
    if (spec.kind === "select") {
      element = document.createElement("select");
      spec.options.forEach(function (option, i) {
        var tag = document.createElement("option");
        tag.value = String(i);
        tag.textContent = option[0];
        element.appendChild(tag);
      });
      element.value = String(Math.max(optionIndex(spec, spec.value), 0));
    } else if (spec.kind === "textarea") {
      element = document.createElement("textarea");
      element.rows = 3;
      element.value = String(spec.value);
      element.spellcheck = false;
    } else {
      element = document.createElement("input");
      if (spec.kind === "checkbox") {
        element.type = "checkbox";
        element.checked = Boolean(spec.value);
      } else if (spec.kind === "range") {
        element.type = "range";
        element.min = spec.min;
        element.max = spec.max;
        element.step = spec.step;
        element.value = spec.value;
      } else {
        element.type = "text";
        if (spec.kind === "number") element.inputMode = "decimal";
        element.value = String(spec.value);
        element.autocomplete = "off";
        element.spellcheck = false;
      }
    }
    element.id = id;
    if (spec.kind === "checkbox") {
      wrap.appendChild(element);
      wrap.appendChild(label);
    } else {
      wrap.appendChild(label);
      wrap.appendChild(element);
    }
    if (spec.kind === "range") {
      var output = document.createElement("output");
      output.htmlFor = id;
      output.textContent = String(spec.value);
      element.addEventListener("input", function () { output.textContent = element.value; });
      wrap.appendChild(output);
    }
    return { wrap: wrap, element: element };
  }

  /* ---- One explorer ----------------------------------------------------------------------- */
  function Explorer(root) {
    var self = this;
    this.root = root;
    this.spec = JSON.parse(root.querySelector("script.commlib-bx-spec").textContent);
    var spec = this.spec, prefix = "bx-" + spec.name + "-" + (counter += 1);
    var form = document.createElement("form");
    form.className = "commlib-bx-form";
    form.setAttribute("aria-label", spec.title);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var heading = document.createElement("h4");
    heading.className = "commlib-widget-title";
    heading.textContent = spec.title;
    root.appendChild(heading);
    if (spec.note) {
      var note = document.createElement("p");
      note.className = "commlib-widget-note";
      note.textContent = spec.note;
      root.appendChild(note);
    }
    var controls = document.createElement("div");
    controls.className = "commlib-bx-controls";
    this.controls = spec.controls.map(function (control) {
      var built = buildControl(control, prefix + "-" + control.name);
      controls.appendChild(built.wrap);
      var update = function () { self.update(true); };
      built.element.addEventListener("change", update);
      if (control.kind === "number" || control.kind === "text" || control.kind === "textarea") {
        built.element.addEventListener("input", update);
      }
      return { spec: control, element: built.element };
    });
    form.appendChild(controls);
    root.appendChild(form);
    this.message = document.createElement("div");
    this.message.className = "commlib-bx-message";
    this.message.setAttribute("role", "status");
    this.message.setAttribute("aria-live", "polite");
    root.appendChild(this.message);
    this.result = document.createElement("div");
    this.result.className = "commlib-bx-result";
    this.result.setAttribute("aria-live", "polite");
    root.appendChild(this.result);
    this.restore();
  }

  Explorer.prototype.param = function (control) {
    return this.spec.name + "." + control.name;
  };

  Explorer.prototype.restore = function () {
    var params = new URLSearchParams(window.location.search), self = this;
    this.controls.forEach(function (c) {
      var text = params.get(self.param(c.spec));
      if (text !== null) setControl(c.spec, c.element, text);
    });
  };

  Explorer.prototype.remember = function (values) {
    var params = new URLSearchParams(window.location.search), self = this;
    this.controls.forEach(function (c) {
      var key = self.param(c.spec), value = stateText(c.spec, values[c.spec.name]);
      if (String(value) === String(c.spec.value)) params.delete(key); else params.set(key, value);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { window.history.replaceState(window.history.state, "", url); } catch (e) { /* file:// */ }
  };

  // Set a control as the reader would (used by a module's own tools), then update.
  Explorer.prototype.setValue = function (name, value) {
    this.controls.forEach(function (c) {
      if (c.spec.name === name) setControl(c.spec, c.element, value);
    });
    this.update(true);
  };

  Explorer.prototype.values = function () {
    var values = {};
    this.controls.forEach(function (c) { values[c.spec.name] = controlValue(c.spec, c.element); });
    return values;
  };

  Explorer.prototype.start = function () {
    var self = this, spec = this.spec;
    if (this.started) return this.started;
    this.root.setAttribute("aria-busy", "true");
    this.started = Promise.all([
      load(BASE + spec.module + ".js"),
      load(BASE + "data/" + spec.data + ".js"),
    ]).then(function () {
      self.module = modules[spec.module];
      self.data = datasets[spec.data];
      self.root.removeAttribute("aria-busy");
      // A module may add its own tools (a list to pick from, a map) beside the controls.
      if (self.module.mount) self.module.mount(self, self.data, api);
      self.update(false);
      self.root.classList.add("commlib-bx-ready");
    }, function (error) {
      self.root.removeAttribute("aria-busy");
      self.message.textContent = "This explorer could not be loaded: " + error.message;
    });
    return this.started;
  };

  Explorer.prototype.update = function (byReader) {
    if (!this.module) return;
    var values = this.values();
    try {
      var html = this.module.render(values, this.data, api, this.spec.controls);
      this.result.innerHTML = html;
      this.message.textContent = "";
      this.root.classList.remove("commlib-bx-refused");
      if (byReader) this.remember(values);
      if (this.module.after) this.module.after(this, values, this.data, api);
      this.root.dispatchEvent(new CustomEvent("commlib-bx-updated", { detail: { ok: true } }));
    } catch (error) {
      if (error instanceof Pending) {
        var self = this;
        this.root.setAttribute("aria-busy", "true");
        this.pending = error.promise.then(function () {
          self.root.removeAttribute("aria-busy");
          var waiting = self.pending;
          self.update(byReader);
          // The setting may need a further part (a list, then one practice's shard): whoever
          // waits on this explorer waits for that too.
          if (self.pending !== waiting) return self.pending;
        }, function () {
          self.root.removeAttribute("aria-busy");
          self.message.textContent = "Part of this explorer's data could not be loaded.";
        });
        return;
      }
      if (!(error instanceof Refusal)) {
        if (window.console) window.console.error(error);
        error = { message: "Something went wrong in this explorer; the last result stays." };
      }
      this.message.innerHTML = "<strong>Check this entry: </strong>" + escape(error.message);
      this.root.classList.add("commlib-bx-refused");
      this.root.dispatchEvent(new CustomEvent("commlib-bx-updated", { detail: { ok: false } }));
    }
  };

  var explorers = [];

  function init() {
    var roots = document.querySelectorAll(".commlib-bx:not(.commlib-bx-init)");
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          entry.target.commlibBx.start();
        }
      });
    }, { rootMargin: "400px" }) : null;
    Array.prototype.forEach.call(roots, function (root) {
      root.classList.add("commlib-bx-init");
      var explorer = new Explorer(root);
      root.commlibBx = explorer;
      explorers.push(explorer);
      if (observer) observer.observe(root); else explorer.start();
    });
  }

  window.commlibBx = {
    runtime: true,
    api: api,
    explorers: explorers,
    defineModule: function (name, module) { modules[name] = module; },
    addData: function (name, data) { datasets[name] = data; },
    startAll: function () { return Promise.all(explorers.map(function (e) { return e.start(); })); },
    // Settled once every explorer has drawn with the data its setting needs.
    settled: function () {
      return Promise.all(explorers.map(function (e) {
        return Promise.resolve(e.started).then(function () { return e.pending; });
      }));
    },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
