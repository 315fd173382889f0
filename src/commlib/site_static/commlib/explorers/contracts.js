/* The contract explorers (commlib.widgets.browser_contracts): the site twins of
 * contracts.api_explorer ("payment-scheme") and contracts.contract_explorer ("contract-terms").
 * Every box is typed freely, so the payment rules of commlib.contracts are ported here, with
 * the same floating-point operations in the same order: api_payment (whole pence, half a
 * penny away from zero), contract_payment for each contract type, risk_split and risk_profile
 * (its mean added up from the first point to the last, as contracts.weighted_mean does). The
 * chart is commlib.plots.svg_lines, with its tick rule (_nice_ticks, _tick_label). Numbers
 * in sentences are printed as Python's format() prints them (exact decimal value of the float,
 * ties to even). Every refusal sentence comes from commlib as a template. Proven equal to the
 * live widgets by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // Python's format() of a float (exact decimal value, ties to even): the runtime's.
  var python = window.commlibBx.api.python;
  var exactDecimal = python.exactDecimal, roundDigits = python.roundDigits;
  var commas = python.commas, fixedText = python.fixedText, pyFixed = python.pyFixed;

  // format(x, "g") and format(x, ",g"): six significant digits, trailing zeros dropped.
  function pyG(x, comma) {
    var d = exactDecimal(x), sign = d.negative ? "-" : "";
    if (!d.digits) return sign + "0";
    var r = roundDigits(d, 6), exp = r.point - 1;
    if (exp >= -4 && exp < 6) {
      var t = fixedText(r, 5 - exp), frac = t.frac.replace(/0+$/, "");
      return sign + (comma ? commas(t.whole) : t.whole) + (frac ? "." + frac : "");
    }
    var mant = r.digits.charAt(0), rest = r.digits.slice(1).replace(/0+$/, "");
    var e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
    return sign + mant + (rest ? "." + rest : "") + "e" + (exp < 0 ? "-" : "+") + e;
  }

  function pyFormatValue(value, spec) {
    if (!spec) return String(value);
    var m = /^(,?)(?:\.(\d+))?([fg])$/.exec(spec);
    if (!m) throw new Error("no port of the format " + spec);
    if (m[3] === "f") return pyFixed(value, Number(m[2] || 6), m[1] === ",");
    return pyG(value, m[1] === ",");
  }

  // str.format for the templates commlib exports: {name} and {name:spec}.
  function pyFormat(template, values) {
    return template.replace(/\{\{|\}\}|\{(\w+)(?::([^}]*))?\}/g, function (all, name, spec) {
      if (all === "{{") return "{";
      if (all === "}}") return "}";
      return pyFormatValue(values[name], spec);
    });
  }

  // commlib._validate.fmt_value: two decimals, thousands separators from 1,000.
  function fmtValue(x) { return Math.abs(x) >= 1000 ? pyFixed(x, 2, true) : pyFixed(x, 2, false); }

  // Python's round(x, n) for a float: correctly rounded, ties to even.
  function pyRoundN(x, n) {
    if (Number.isInteger(x)) return x;
    return Number(pyFixed(x, n, false));
  }

  /* ---- commlib.plots.svg_lines ----------------------------------------------------------- */
  function niceTicks(low, high, count) {
    count = count || 5;
    if (high <= low) high = low + 1.0;
    var span = high - low, raw = span / count;
    var exponent = Number(raw.toExponential(6).split("e")[1]);
    var magnitude = Number("1e" + exponent);
    var stepSize = 10 * magnitude, steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i += 1) {
      if (raw <= steps[i] * magnitude) { stepSize = steps[i] * magnitude; break; }
    }
    var tolerance = stepSize * 1e-9;
    var first = Math.floor((low + tolerance) / stepSize) * stepSize;
    var ticks = [pyRoundN(first, 10)];
    while (ticks[ticks.length - 1] < high - tolerance && ticks.length < count + 3) {
      ticks.push(pyRoundN(first + ticks.length * stepSize, 10));
    }
    return ticks;
  }

  function minOf(values) {
    var m = values[0];
    for (var i = 1; i < values.length; i += 1) if (values[i] < m) m = values[i];
    return m;
  }

  function maxOf(values) {
    var m = values[0];
    for (var i = 1; i < values.length; i += 1) if (values[i] > m) m = values[i];
    return m;
  }

  // series and markers: arrays of [name, xs, ys] and [name, x, y]; colours by name.
  function svgLines(api, series, opts) {
    var esc = api.escape, markers = opts.markers || [], colours = opts.colours || {};
    var svg = opts.svg, width = 640, height = 360;
    var xs = [], ys = [];
    series.forEach(function (s) { xs = xs.concat(s[1]); ys = ys.concat(s[2]); });
    markers.forEach(function (m) { xs.push(m[1]); ys.push(m[2]); });
    var xTicks = niceTicks(minOf(xs), maxOf(xs));
    var yMin = minOf(ys);  // min(min(ys), 0.0), as Python picks between equals: the first
    var yTicks = niceTicks(0.0 < yMin ? 0.0 : yMin, maxOf(ys));
    var x0 = xTicks[0], x1 = xTicks[xTicks.length - 1], y0 = yTicks[0], y1 = yTicks[yTicks.length - 1];
    var left = 90, right = 150, top = 40, bottom = 56;
    var plotW = width - left - right, plotH = height - top - bottom;
    var sx = function (x) { return left + (x - x0) / ((x1 - x0) || 1) * plotW; };
    var sy = function (y) { return top + plotH - (y - y0) / ((y1 - y0) || 1) * plotH; };
    var xf = opts.xFormat, yf = opts.yFormat;
    var bits = series.filter(function (s) { return s[1].length; }).map(function (s) {
      return s[0] + ": from " + yf(s[2][0]) + " at " + xf(s[1][0]) + " to " +
        yf(s[2][s[2].length - 1]) + " at " + xf(s[1][s[1].length - 1]);
    });
    var desc = opts.yLabel + " against " + opts.xLabel + ". " + bits.join("; ") + ".";
    var parts = [
      '<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg" role="img" viewBox="0 0 ' +
        width + " " + height + '" width="100%" style="max-width:' + width + 'px">',
      "<title>" + esc(opts.title) + "</title>",
      "<desc>" + esc(desc) + "</desc>",
      '<rect x="0" y="0" width="' + width + '" height="' + height + '" fill="#ffffff"/>',
    ];
    yTicks.forEach(function (t) {
      var y = sy(t);
      parts.push('<line x1="' + left + '" x2="' + (left + plotW) + '" y1="' + y.toFixed(1) +
        '" y2="' + y.toFixed(1) + '" stroke="#d9d9d9"/><text x="' + (left - 6) + '" y="' +
        (y + 4).toFixed(1) + '" text-anchor="end" font-size="12" fill="' + svg.text + '">' +
        esc(yf(t)) + "</text>");
    });
    xTicks.forEach(function (t) {
      parts.push('<text x="' + sx(t).toFixed(1) + '" y="' + (top + plotH + 18) +
        '" text-anchor="middle" font-size="12" fill="' + svg.text + '">' + esc(xf(t)) + "</text>");
    });
    parts.push('<line x1="' + left + '" x2="' + (left + plotW) + '" y1="' + (top + plotH) +
      '" y2="' + (top + plotH) + '" stroke="#595959"/><line x1="' + left + '" x2="' + left +
      '" y1="' + top + '" y2="' + (top + plotH) + '" stroke="#595959"/>' +
      '<text x="' + (left + plotW / 2).toFixed(1) + '" y="' + (height - 12) +
      '" text-anchor="middle" font-size="13" fill="' + svg.text + '">' + esc(opts.xLabel) +
      "</text>" + '<text transform="translate(16 ' + (top + plotH / 2).toFixed(1) +
      ') rotate(-90)" text-anchor="middle" font-size="13" fill="' + svg.text + '">' +
      esc(opts.yLabel) + "</text>" + '<text x="' + left + '" y="' + (top - 16) +
      '" font-size="14" font-weight="bold" fill="' + svg.text + '">' + esc(opts.title) + "</text>");
    var dashes = ["", "6 4", "2 3", "8 3 2 3", "1 0"];
    series.forEach(function (s, n) {
      var colour = colours[s[0]] || svg.contrast_safe[n % svg.contrast_safe.length];
      var dash = dashes[n % dashes.length], dashAttr = dash ? 'stroke-dasharray="' + dash + '"' : "";
      var points = s[1].map(function (x, i) {
        return sx(x).toFixed(1) + "," + sy(s[2][i]).toFixed(1);
      }).join(" ");
      parts.push('<polyline fill="none" stroke="' + colour + '" stroke-width="2.5" ' + dashAttr +
        ' points="' + points + '" data-series="' + esc(s[0]) + '"/>');
      var ly = top + 14 + n * 20;
      parts.push('<line x1="' + (left + plotW + 10) + '" x2="' + (left + plotW + 30) + '" y1="' +
        ly + '" y2="' + ly + '" stroke="' + colour + '" stroke-width="2.5" ' + dashAttr + "/>" +
        '<text x="' + (left + plotW + 34) + '" y="' + (ly + 4) + '" font-size="12" fill="' +
        svg.text + '">' + esc(s[0]) + "</text>");
    });
    markers.forEach(function (m) {
      var colour = colours[m[0]] || svg.black;
      parts.push('<circle cx="' + sx(m[1]).toFixed(1) + '" cy="' + sy(m[2]).toFixed(1) +
        '" r="5" fill="' + colour + '" data-marker="' + esc(m[0]) + '"/>');
    });
    parts.push("</svg>");
    return parts.join("");
  }

  function pctLabel(v) { return pyG(v, false) + "%"; }

  function signedMoney(fmt, value) {
    var text = fmt.money(value);
    return text.charAt(0) === fmt.MINUS || text === "£0" ? text : "+" + text;
  }

  /* ---- The payment scheme explorer: contracts.api_payment ---------------------------- */
  var API_ORDER = ["fixed_element_gbp", "planned_activity", "actual_activity", "unit_price_gbp",
                   "mff", "variable_rate"];

  function apiRefuse(api, data, reason, name, value, more) {
    var values = { label: data.labels[name], value: value };
    Object.keys(more || {}).forEach(function (k) { values[k] = more[k]; });
    return new api.Refusal(pyFormat(data.refusals[reason], values));
  }

  function pence(pounds) {
    return Math.sign(pounds) * Math.floor(Math.abs(pounds) * 100.0 + 0.5);
  }

  function apiPayment(api, data, v) {
    API_ORDER.forEach(function (name) {
      if (!isFinite(v[name])) throw apiRefuse(api, data, "not_finite", name, v[name]);
    });
    var fixed = v.fixed_element_gbp, planned = v.planned_activity, actual = v.actual_activity;
    var unitPrice = v.unit_price_gbp, index = v.mff, rate = v.variable_rate;
    [["planned_activity", planned], ["actual_activity", actual]].forEach(function (pair) {
      if (pair[1] < 0) throw apiRefuse(api, data, "spells_negative", pair[0], pair[1]);
      if (pair[1] > data.max_spells[pair[0]]) {
        throw apiRefuse(api, data, "spells_too_many", pair[0], pair[1],
                        { maximum: data.max_spells[pair[0]] });
      }
    });
    if (unitPrice <= 0) throw apiRefuse(api, data, "price_not_positive", "unit_price_gbp", unitPrice);
    if (unitPrice > data.max_unit_price) {
      throw apiRefuse(api, data, "price_too_big", "unit_price_gbp", unitPrice,
                      { maximum: data.max_unit_price });
    }
    if (index <= 0) throw apiRefuse(api, data, "mff_not_positive", "mff", index);
    if (index > data.max_mff) throw apiRefuse(api, data, "mff_too_big", "mff", index, { maximum: data.max_mff });
    if (!(rate >= 0.0 && rate <= 1.0)) throw apiRefuse(api, data, "rate_range", "variable_rate", rate);
    if (fixed < 0) throw apiRefuse(api, data, "fixed_negative", "fixed_element_gbp", fixed);
    var price = unitPrice * index, planValue = planned * price;
    if (pence(fixed) > pence(planValue)) {
      throw apiRefuse(api, data, "fixed_over_plan", "fixed_element_gbp", fixed,
                      { plan_value: planValue });
    }
    var totalPence = pence(planValue + rate * price * (actual - planned));
    var fixedPence = pence(fixed), planPence = pence(planValue), atPricePence = pence(actual * price);
    return {
      plan_value: planPence / 100.0,
      value_at_price: atPricePence / 100.0,
      fixed: fixedPence / 100.0,
      variable: (totalPence - fixedPence) / 100.0,
      total: totalPence / 100.0,
      commissioner_vs_plan: (totalPence - planPence) / 100.0,
      provider_vs_price: (totalPence - atPricePence) / 100.0,
    };
  }

  function apiSentence(fmt, parts) {
    var commissioner = parts.commissioner_vs_plan, provider = parts.provider_vs_price, c, p;
    if (Math.abs(commissioner) < 0.005) c = "the ICB pays exactly its plan";
    else if (commissioner > 0) c = "the ICB pays " + fmt.money(commissioner) + " more than its plan";
    else c = "the ICB pays " + fmt.money(-commissioner) + " less than its plan";
    if (Math.abs(provider) < 0.005) p = "the trust is paid the full price for every spell it did";
    else if (provider < 0) {
      p = "the trust does " + fmt.money(-provider) + " of work unpaid at price, so it carries " +
        "that much of the extra activity";
    } else {
      p = "the trust keeps " + fmt.money(provider) + " for spells it did not do, so the ICB " +
        "carries that much of the shortfall";
    }
    return c + "; " + p;
  }

  function renderApi(values, data, api) {
    var fmt = api.fmt, v = values;
    var parts = apiPayment(api, data, v);
    // contracts.api_share_of_plan
    if (v.planned_activity < 1) {
      throw apiRefuse(api, data, "plan_too_small", "planned_activity", v.planned_activity);
    }
    var pctOfPlan = 100.0 * v.actual_activity / v.planned_activity;
    var onGrid = data.grid_pct.map(function (pct) {
      var at = {};
      API_ORDER.forEach(function (name) { at[name] = v[name]; });
      at.actual_activity = v.planned_activity * pct / 100.0;
      return apiPayment(api, data, at);
    });
    var pick = function (key) { return onGrid.map(function (p) { return p[key]; }); };
    var colours = { "Total payment": data.colours.total, "Fixed element": data.colours.fixed,
                    "Activity at price x MFF": data.colours.cost, "Payment now": data.colours.marker };
    var chart = svgLines(api, [
      ["Total payment", data.grid_pct, pick("total")],
      ["Fixed element", data.grid_pct, pick("fixed")],
      ["Activity at price x MFF", data.grid_pct, pick("value_at_price")],
    ], {
      markers: [["Payment now", pctOfPlan, parts.total]], colours: colours, svg: data.svg,
      title: "Payment against elective activity (plan " + fmt.count(v.planned_activity) +
        " spells at " + fmt.money(v.unit_price_gbp) + " x MFF " + pyFixed(v.mff, 2, false) + ")",
      xLabel: "Actual elective activity (% of plan)", yLabel: "Payment (£)",
      xFormat: pctLabel, yFormat: function (x) { return fmt.money_m(x, 1); },
    });
    var sentence = api.escape(apiSentence(fmt, parts));
    var headline = '<p class="commlib-headline"><strong>At ' + fmt.count(v.actual_activity) +
      " spells (" + pyFixed(pctOfPlan, 0, false) + "% of plan) the trust is paid " +
      fmt.money(parts.total) + ":</strong> fixed element " + fmt.money(parts.fixed) +
      " + variable element " + fmt.money(parts.variable) + ". " +
      sentence.charAt(0).toUpperCase() + sentence.slice(1) + ".</p>";
    var table = api.table([
      ["Plan value (planned spells x price x MFF)", fmt.money(parts.plan_value)],
      ["Actual spells at price x MFF", fmt.money(parts.value_at_price)],
      ["Fixed element", fmt.money(parts.fixed)],
      ["Variable element", fmt.money(parts.variable)],
      ["Total payment", fmt.money(parts.total)],
      ["ICB pays against its plan (total − plan value)", signedMoney(fmt, parts.commissioner_vs_plan)],
      ["Trust paid against its activity at price (total − activity at price)",
       signedMoney(fmt, parts.provider_vs_price)],
    ], ["Part", "Pounds"], "The payment at " + fmt.count(v.actual_activity) + " spells");
    return headline + chart + table;
  }

  /* ---- The contract terms explorer: contracts.contract_payment and friends ---------- */
  // contracts.explorer_number
  function explorerNumber(api, data, label, value, maximum, negativeOk) {
    if (!isFinite(value)) throw new api.Refusal(pyFormat(data.refusals.not_finite, { label: label }));
    if (value < 0 && !negativeOk) {
      throw new api.Refusal(pyFormat(data.refusals.negative, { label: label, value: value }));
    }
    if (maximum !== null && value > maximum) {
      throw new api.Refusal(pyFormat(data.refusals.too_big,
                                     { label: label, value: value, maximum: maximum }));
    }
    return value;
  }

  // _validate.check_fraction, with the sentence commlib exported for the term.
  function checkFraction(api, data, name, value) {
    if (value < 0.0 || value > 1.0) {
      throw new api.Refusal(data.fraction_refusals[name].replace("{value}", fmtValue(value))
                            .replace(/\{\{/g, "{").replace(/\}\}/g, "}"));
    }
  }

  // The terms' checks of each contract type, in the order commlib makes them.
  function checkTerms(api, data, contract, terms) {
    if (contract === "marginal_rate") checkFraction(api, data, "rate", terms.rate);
    else if (contract === "blended") checkFraction(api, data, "variable_rate", terms.variable_rate);
    else if (contract === "risk_share") checkFraction(api, data, "provider_share", terms.provider_share);
    else if (contract === "cap_and_collar" && terms.collar > terms.cap) {
      throw new api.Refusal(pyFormat(data.band_refusal, { collar: terms.collar, cap: terms.cap }));
    }
  }

  // One payment: CONTRACT_TYPES[contract].function(planned, price, actual, **terms).
  function payment(data, contract, planned, price, actual, terms) {
    var plan = planned * price, atPrice;
    switch (contract) {
      case "block": return plan + 0.0 * actual;
      case "cost_per_case": return price * actual;
      case "marginal_rate": {
        var actualValue = actual * price;
        var above = Math.max(actualValue - plan, 0.0);
        return Math.min(actualValue, plan) + terms.rate * above;
      }
      case "blended": return plan + terms.variable_rate * price * (actual - planned);
      case "cap_and_collar":
        atPrice = actual * price;
        return Math.min(Math.max(atPrice, terms.collar * plan), terms.cap * plan);
      case "risk_share": return plan + (1.0 - terms.provider_share) * (actual * price - plan);
      case "aligned_payment_incentive": {
        var rule = data.api_rules[terms.year];
        var paid = plan + rule.variable_rate * price * (actual - planned);
        if (rule.cquin_rate) paid = paid - (1.0 - 1.0) * rule.cquin_rate * plan;
        return paid;
      }
      default: throw new Error("no contract type " + contract);
    }
  }

  function carriesSentence(fmt, split) {
    var provider = split.provider_carries, commissioner = split.commissioner_carries, p, c;
    if (Math.abs(provider) < 0.5) p = "is paid exactly the price for what it did";
    else if (provider < 0) p = "does " + fmt.money(-provider) + " of work unpaid at price";
    else p = "is paid " + fmt.money(provider) + " more than its activity at price";
    if (Math.abs(commissioner) < 0.5) c = "pays exactly its plan";
    else if (commissioner > 0) c = "pays " + fmt.money(commissioner) + " more than plan";
    else c = "pays " + fmt.money(-commissioner) + " less than plan";
    return "the provider " + p + "; the commissioner " + c;
  }

  function renderTerms(values, data, api) {
    var fmt = api.fmt, actualPct = values.actual_pct;
    if (actualPct < 0) throw new Error("actual activity below zero");
    // widgets.contracts.check_boxes
    var planned = explorerNumber(api, data, data.labels.planned, values.planned_activity,
                                 data.limits.planned, false);
    var price = explorerNumber(api, data, data.labels.price, values.unit_price, data.limits.price,
                               false);
    data.sides.forEach(function (side) {
      data.contracts[values[side + "_contract"]].terms.forEach(function (term) {
        if (term.choice) return;
        var typed = explorerNumber(api, data, term.labels[side], values[side + "_" + term.name],
                                   term.fraction ? null : data.limits.band, term.fraction);
        if (term.fraction && (typed < 0.0 || typed > 1.0)) {
          throw new api.Refusal(pyFormat(data.refusals.fraction,
                                         { label: term.labels[side], value: typed }));
        }
      });
    });
    var actualActivity = planned * actualPct / 100.0;
    var grid = data.grid_pct.map(function (pct) { return planned * pct / 100.0; });
    var series = [], markers = [], colours = {}, rows = [], riskRows = [], sentences = [];
    var weight = 1.0 / data.risk_factors.length;
    data.sides.forEach(function (side) {
      var contract = values[side + "_contract"], kind = data.contracts[contract], terms = {};
      kind.terms.forEach(function (term) { terms[term.name] = values[side + "_" + term.name]; });
      checkTerms(api, data, contract, terms);
      var pay = function (actual) { return payment(data, contract, planned, price, actual, terms); };
      var payments = grid.map(pay);
      // contracts.risk_split
      var paid = pay(actualActivity), plan = planned * price, cost = actualActivity * price;
      var split = { payment: paid, plan_value: plan, cost_at_price: cost,
                    provider_carries: paid - cost, commissioner_carries: paid - plan };
      // contracts.risk_profile (uniform weights, mean by contracts.weighted_mean)
      var expected = 0.0, cMin = Infinity, cMax = -Infinity, pMin = Infinity, pMax = -Infinity;
      data.risk_factors.forEach(function (factor) {
        var activity = planned * factor, p = pay(activity);
        var commissioner = p - planned * price, provider = p - activity * price;
        expected += weight * p;
        if (commissioner < cMin) cMin = commissioner;
        if (commissioner > cMax) cMax = commissioner;
        if (provider < pMin) pMin = provider;
        if (provider > pMax) pMax = provider;
      });
      var name = side.toUpperCase() + ": " + kind.label;
      series.push([name, data.grid_pct, payments]);
      markers.push([name + " now", actualPct, split.payment]);
      colours[name] = colours[name + " now"] = data.colours[side];
      rows.push([name, fmt.money(split.payment), fmt.money(split.plan_value),
                 fmt.money(split.cost_at_price), signedMoney(fmt, split.provider_carries),
                 signedMoney(fmt, split.commissioner_carries)]);
      riskRows.push([name, fmt.money(expected),
                     signedMoney(fmt, cMin) + " to " + signedMoney(fmt, cMax),
                     signedMoney(fmt, pMin) + " to " + signedMoney(fmt, pMax)]);
      sentences.push("Contract " + side.toUpperCase() + " (" + kind.label.toLowerCase() +
                     ") pays " + fmt.money(split.payment) + ": " + carriesSentence(fmt, split) + ".");
    });
    series.push([data.labels.cost, data.grid_pct, grid.map(function (a) { return price * a; })]);
    colours[data.labels.cost] = data.colours.cost;
    var chart = svgLines(api, series, {
      markers: markers, colours: colours, svg: data.svg,
      title: "Payment against activity (plan " + fmt.count(planned) + " cases at " +
        fmt.money(price) + " a case)",
      xLabel: "Actual activity (% of plan)", yLabel: "Payment (£)",
      xFormat: pctLabel, yFormat: function (x) { return fmt.money_m(x, 2); },
    });
    var pctText = pyG(actualPct, false);
    var headline = '<p class="commlib-headline"><strong>At ' + pctText + "% of plan (" +
      fmt.count(actualActivity) + " cases):</strong> " +
      sentences.map(api.escape).join(" ") + "</p>";
    var table = api.table(rows, data.split_headers, "Who carries what at " + pctText + "% of plan");
    var riskTable = api.table(riskRows, data.risk_headers, data.risk_caption);
    return headline + chart + table + riskTable;
  }

  // Each side shows only the terms its contract type takes, as the live widget does
  // (ContractTermsExplorer._show_terms).
  function showTerms(explorer, data) {
    var values = explorer.values();
    data.sides.forEach(function (side) {
      var used = {};
      data.contracts[values[side + "_contract"]].terms.forEach(function (t) { used[t.name] = true; });
      explorer.controls.forEach(function (c) {
        var name = c.spec.name;
        if (name.indexOf(side + "_") !== 0 || name === side + "_contract") return;
        c.element.closest(".commlib-bx-control").hidden = !used[name.slice(side.length + 1)];
      });
    });
  }

  window.commlibBx.defineModule("contracts", {
    render: function (values, data, api) {
      return data.kind === "api" ? renderApi(values, data, api) : renderTerms(values, data, api);
    },
    mount: function (explorer, data) {
      if (data.kind !== "terms") return;
      explorer.controls.forEach(function (c) {
        if (/_contract$/.test(c.spec.name)) {
          c.element.addEventListener("change", function () { showTerms(explorer, data); });
        }
      });
      showTerms(explorer, data);
    },
    // For tests and other modules: the ports of Python's formatting and the tick rule.
    python: { pyFixed: pyFixed, pyG: pyG, pyFormat: pyFormat, pyRoundN: pyRoundN,
              niceTicks: niceTicks, fmtValue: fmtValue },
  });
})();
