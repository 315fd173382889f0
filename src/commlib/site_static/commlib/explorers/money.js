/* The chapter 4 money explorers (commlib.widgets.browser_money): the site twins of
 * allocations.pace_of_change_widget ("pace-of-change"), gain_share.gain_share_explorer
 * ("gain-share") and priorities.priorities_explorer ("invest-1m"). Every box is typed freely,
 * so the rules are ported here with the same floating-point operations in the same order:
 * commlib.allocation.pace_of_change (minimum growth, floor, water-fill, cap, largest-remainder
 * pence) and weighted_capitation; commlib.savings (gain_share, compare_with_pass_through,
 * break_even_year); commlib.priorities.rank_options. Charts are commlib.plots.svg_lines (with
 * its tick rule) and svg_bars (api.svgBars). Every refusal sentence comes from commlib.
 * Proven equal to the live widgets by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // Python's format() of a float (exact decimal value, ties to even): the runtime's.
  var python = window.commlibBx.api.python;
  var exactDecimal = python.exactDecimal, roundDigits = python.roundDigits;
  var commas = python.commas, fixedText = python.fixedText, pyFixed = python.pyFixed;

  // commlib._validate.fmt_value
  function fmtValue(x) { return Math.abs(x) >= 1000 ? pyFixed(x, 2, true) : pyFixed(x, 2, false); }

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

  // series: [[name, xs, ys], ...]
  function svgLines(api, series, opts) {
    var esc = api.escape, svg = opts.svg, width = 640, height = 360;
    var xs = [], ys = [];
    series.forEach(function (s) { xs = xs.concat(s[1]); ys = ys.concat(s[2]); });
    var xTicks = niceTicks(minOf(xs), maxOf(xs));
    var yMin = minOf(ys);
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
      var colour = svg.contrast_safe[n % svg.contrast_safe.length];
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
    parts.push("</svg>");
    return parts.join("");
  }

  /* ---- commlib.allocation ---------------------------------------------------------------- */
  // numpy's sum of a short array (fewer than 8 elements: added in order from zero).
  function sum(values) {
    var total = 0;
    for (var i = 0; i < values.length; i += 1) total += values[i];
    return total;
  }

  // A stable argsort by key (ties: earlier index first).
  function argsort(keys) {
    return keys.map(function (k, i) { return i; }).sort(function (a, b) {
      return keys[a] < keys[b] ? -1 : (keys[a] > keys[b] ? 1 : a - b);
    });
  }

  // allocation.round_to_total_pence (the runtime's; pence below 2**53 are exact Numbers).
  function roundToTotalPence(exact, totalPence) {
    return api_.roundToTotalPence(exact, totalPence).map(Number);
  }

  // allocation.weighted_capitation: shares of total (pounds), in pounds.
  function weightedCapitation(total, weights) {
    var totalPence = api_.pyRound(total * 100.0), weightSum = sum(weights);
    var exact = weights.map(function (w) { return w / weightSum * totalPence; });
    return roundToTotalPence(exact, totalPence).map(function (p) { return p / 100.0; });
  }

  // allocation._water_fill
  function waterFill(alloc, target, money, ceiling) {
    var ratio = alloc.map(function (a, i) { return a / target[i]; });
    var candidates = [];
    ratio.forEach(function (r, i) { if (r < ceiling) candidates.push(i); });
    if (money <= 0 || candidates.length === 0) return alloc;
    var sub = argsort(candidates.map(function (i) { return ratio[i]; }));
    var order = sub.map(function (j) { return candidates[j]; });
    var sorted = order.map(function (i) { return ratio[i]; });
    var cumTarget = [], cumAlloc = [], ct = 0, ca = 0;
    order.forEach(function (i) { ct += target[i]; ca += alloc[i]; cumTarget.push(ct); cumAlloc.push(ca); });
    var cost = order.map(function (i, n) {
      var next = n + 1 < sorted.length ? sorted[n + 1] : Infinity;
      return Math.min(next, ceiling) * cumTarget[n] - cumAlloc[n];
    });
    // numpy.searchsorted(cost, money, side="left"): binary search.
    var lo = 0, hi = cost.length;
    while (lo < hi) {
      var mid = lo + ((hi - lo) >> 1);
      if (cost[mid] < money) lo = mid + 1; else hi = mid;
    }
    var k = Math.min(lo, order.length - 1);
    var level = Math.min((money + cumAlloc[k]) / cumTarget[k], ceiling);
    var out = alloc.slice();
    for (var n = 0; n <= k; n += 1) {
      var i = order[n];
      out[i] = Math.max(alloc[i], level * target[i]);
    }
    return out;
  }

  var api_ = null;

  // allocation.pace_of_change (method "water_fill"); refusals as data.refusals.
  function paceOfChange(cur, tgt, newTotal, minGrowth, maxBelow, capAbove, data, codes) {
    for (var t = 0; t < tgt.length; t += 1) {
      if (!(tgt[t] > 0)) {
        throw new api_.Refusal("target must be above zero everywhere: '" + codes[t] + "' has " +
                               fmtValue(tgt[t]));
      }
    }
    var totalPence = api_.pyRound(newTotal * 100.0);
    var alloc = cur.map(function (c) { return c * (1.0 + minGrowth); });
    var floorTotal = sum(alloc);
    var money = totalPence / 100.0 - floorTotal;
    if (money < -0.005) {
      throw new api_.Refusal("new_total (£" + fmtValue(newTotal) + ") does not cover minimum " +
        "growth of " + pyFixed(minGrowth * 100, 1, false) + "% for every area, which needs £" +
        fmtValue(floorTotal) + "; raise new_total or lower min_growth");
    }
    money = Math.max(money, 0.0);
    if (money > 0) {
      var floorRatio = 1.0 - maxBelow;
      var need = sum(alloc.map(function (a, i) { return Math.max(floorRatio * tgt[i] - a, 0.0); }));
      if (need <= money) {
        alloc = alloc.map(function (a, i) { return Math.max(a, floorRatio * tgt[i]); });
        money -= need;
      } else {
        alloc = waterFill(alloc, tgt, money, floorRatio);
        money = 0.0;
      }
    }
    if (money > 0) {
      var gaps = alloc.map(function (a, i) { return Math.max(tgt[i] - a, 0.0); });
      var gapTotal = sum(gaps);
      if (gapTotal <= money) {
        alloc = alloc.map(function (a, i) { return a + gaps[i]; });
        money -= gapTotal;
      } else {
        alloc = waterFill(alloc, tgt, money, 1.0);
        money = 0.0;
      }
    }
    if (money > 0) {
      var uncapped = cur.map(function (c, i) {
        return c * (1.0 + minGrowth) <= tgt[i] * (1.0 + capAbove);
      });
      if (!uncapped.some(Boolean)) uncapped = cur.map(function () { return true; });
      var shares = tgt.map(function (g, i) { return uncapped[i] ? g : 0.0; });
      var shareSum = sum(shares);
      alloc = alloc.map(function (a, i) { return a + money * shares[i] / shareSum; });
    }
    var exactPence = alloc.map(function (a) { return a * 100.0; });
    var scale = totalPence / sum(exactPence);
    var pence = roundToTotalPence(exactPence.map(function (e) { return e * scale; }), totalPence);
    return pence.map(function (p) { return p / 100.0; });
  }

  function renderPace(values, data, api) {
    var fmt = api.fmt, names = ["growth_pct", "min_growth_pct", "max_below_pct", "cap_above_pct"];
    names.forEach(function (name, n) {
      var v = values[name];
      if (!(v > -100 && v <= 100)) throw new api.Refusal(data.refusals.range[n]);
    });
    if (values.max_below_pct < 0) throw new api.Refusal(data.refusals.negative[0]);
    if (values.cap_above_pct < 0) throw new api.Refusal(data.refusals.negative[1]);
    var growth = values.growth_pct / 100, minGrowth = values.min_growth_pct / 100;
    var maxBelow = values.max_below_pct / 100, capAbove = values.cap_above_pct / 100;
    var years = values.years;
    if (minGrowth > growth) {
      throw new api.Refusal(data.refusals.too_little.replace("{min}", fmt.pct(minGrowth))
        .replace("{growth}", fmt.pct(growth)));
    }
    var labels = data.labels.slice(0, years + 1), codes = data.codes;
    var total = data.start_total, allocation = data.current;
    var allocs = [data.current], targets = [data.target];
    for (var y = 1; y <= years; y += 1) {
      total = api.pyRound2(total * (1 + growth));
      var target = weightedCapitation(total, data.weighted_population);
      allocation = paceOfChange(allocation, target, total, minGrowth, maxBelow, capAbove, data,
                                codes);
      allocs.push(allocation);
      targets.push(target);
    }
    // distance_from_target: (allocation - target) / target * 100, per ICB and year.
    var distance = codes.map(function (c, i) {
      return allocs.map(function (a, y) { return (a[i] - targets[y][i]) / targets[y][i] * 100.0; });
    });
    var pct = function (v) { return fmt.signed_pct(v / 100); };
    var series = codes.map(function (c, i) {
      return [data.short[i], labels.map(function (l, n) { return n; }), distance[i]];
    });
    var chart = svgLines(api, series, {
      title: data.title, xLabel: "Financial year", yLabel: "Distance from target (%)",
      xFormat: function (v) {
        var r = api.pyRound(v);
        return r >= 0 && r < labels.length ? labels[r] : "";
      },
      yFormat: function (v) { return fmt.signed_pct(v / 100, 0); },
      svg: data.svg,
    });
    var last = labels.length - 1;
    var rows = codes.map(function (c, i) {
      return [data.names[i], pct(distance[i][0]), pct(distance[i][last]),
              fmt.money_m(allocs[last][i]), fmt.money_m(targets[last][i])];
    });
    var table = api.table(rows, ["ICB", "Distance " + labels[0], "Distance " + labels[last],
                                 "Allocation " + labels[last], "Target " + labels[last]],
      "Allocations and targets, " + labels[0] + " to " + labels[last] + " (start illustrative)");
    var lowest = 0, highest = 0;
    codes.forEach(function (c, i) {
      if (distance[i][last] < distance[lowest][last]) lowest = i;
      if (distance[i][last] > distance[highest][last]) highest = i;
    });
    var headline = "By " + labels[last] + ": " + data.short[lowest] + " is " +
      pct(distance[lowest][last]) + " from target (from " + pct(distance[lowest][0]) + "); " +
      data.short[highest] + " " + pct(distance[highest][last]) + " (from " +
      pct(distance[highest][0]) + ").";
    return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + chart + table;
  }

  /* ---- commlib.savings: the gain-share ------------------------------------------------- */
  // savings.check_gain_share_input
  function checkGain(name, value, fraction, data, api) {
    var refusals = data.refusals[name];
    if (typeof value !== "number" || isNaN(value)) throw new api.Refusal(refusals.blank);
    if (fraction) {
      if (!(value >= 0.0 && value <= 1.0)) throw new api.Refusal(refusals.fraction);
      return;
    }
    if (value < 0) throw new api.Refusal(refusals.negative);
    if (value > data.max_pounds) throw new api.Refusal(refusals.huge);
  }

  // savings.gain_share over three years (no spend growth, the cost in year 1).
  function gainShare(spend, priceCut, rates, cost1, share, netOfCosts) {
    var rows = [], cumProvider = 0, totals = { commissioner: 0, provider: 0, net: 0 };
    var cumulative = [];
    for (var y = 0; y < rates.length; y += 1) {
      var gross = spend * 1.0 * rates[y] * priceCut;
      var cost = y + 1 <= 1 ? cost1 / 1 : 0.0;
      var toCommissioner, toProvider;
      if (netOfCosts) {
        toCommissioner = (1.0 - share) * (gross - cost);
        toProvider = gross - cost - toCommissioner;
      } else {
        toCommissioner = (1.0 - share) * gross;
        toProvider = share * gross - cost;
      }
      rows.push({ gross: gross, cost: cost, net: gross - cost, commissioner: toCommissioner,
                  provider: toProvider });
      cumProvider += toProvider;
      cumulative.push(cumProvider);
    }
    rows.forEach(function (r) { totals.commissioner += r.commissioner; });
    rows.forEach(function (r) { totals.provider += r.provider; });
    rows.forEach(function (r) { totals.net += r.net; });
    var even = null;
    for (var k = 0; k < cumulative.length; k += 1) {
      if (cumulative[k] >= -1e-6) { even = k + 1; break; }
    }
    return { rows: rows, totals: totals, even: even };
  }

  function position(value, fmt) {
    if (Math.abs(value) < 0.5) return "no better or worse off";
    return fmt.money(Math.abs(value)) + " " + (value > 0 ? "better" : "worse") + " off";
  }

  function renderGain(values, data, api) {
    var fmt = api.fmt, years = 3;
    checkGain("drug_spend", values.drug_spend, false, data, api);
    checkGain("price_reduction", values.price_reduction, true, data, api);
    checkGain("implementation_cost", values.implementation_cost, false, data, api);
    checkGain("provider_share", values.provider_share, true, data, api);
    var rates = [values.switch_rate_year_1, values.switch_rate_year_2, values.switch_rate_year_3];
    rates.forEach(function (r, n) { checkGain("switch_rate_year_" + (n + 1), r, true, data, api); });
    var net = values.share_net_of_costs;
    var gain = gainShare(values.drug_spend, values.price_reduction, rates,
                         values.implementation_cost, values.provider_share, net);
    var passed = gainShare(values.drug_spend, values.price_reduction, rates,
                           values.implementation_cost, 0.0, net);
    var evenText = gain.even === null ? "does not break even within " + years + " years"
      : "breaks even in year " + gain.even;
    var headline = "Over " + years + " years the switch saves the NHS " +
      fmt.money(gain.totals.net) + " after the trust's costs. Under pass-through the trust ends " +
      position(passed.totals.provider, fmt) + ", so it has no reason to switch; with a " +
      fmt.pct(values.provider_share, 0) + " share it ends " + position(gain.totals.provider, fmt) +
      " and " + evenText + ", while the commissioner keeps " +
      fmt.money(gain.totals.commissioner) + ".";
    var byYear = gain.rows.map(function (r, n) {
      return ["Year " + (n + 1), fmt.money(r.gross), fmt.money(r.cost), fmt.money(r.commissioner),
              fmt.money(r.provider)];
    });
    var table = api.table(byYear, ["Year", "Gross saving", "Trust's cost of switching",
                                   "Saving to commissioner", "Saving to trust (after its cost)"],
                          "The saving year by year under this gain-share");
    var chart = api.svgBars([
      ["Commissioner, pass-through", passed.totals.commissioner],
      ["Trust, pass-through", passed.totals.provider],
      ["Commissioner, gain-share", gain.totals.commissioner],
      ["Trust, gain-share", gain.totals.provider],
    ], { title: "Who keeps the saving over " + years + " years",
         valueLabel: "£ over three years", format: function (v) { return fmt.money(v); },
         colours: data.svg });
    return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + chart + table;
  }

  /* ---- commlib.priorities.rank_options ------------------------------------------------- */
  function checkPriority(kind, value, refusals, data, api) {
    if (typeof value !== "number" || isNaN(value)) throw new api.Refusal(refusals.blank);
    if (kind === "confidence") {
      if (!(value >= 0.0 && value <= 1.0)) throw new api.Refusal(refusals.fraction);
      return;
    }
    if (value < 0) throw new api.Refusal(refusals.negative);
    if (value > (kind === "benefit" ? data.max_benefit : data.max_budget)) {
      throw new api.Refusal(refusals.huge);
    }
  }

  function renderInvest(values, data, api) {
    var fmt = api.fmt;
    var options = data.options.map(function (o, i) {
      var benefit = values["benefit_" + i], confidence = values["confidence_" + i];
      checkPriority("benefit", benefit, data.refusals.options[i].benefit, data, api);
      checkPriority("confidence", confidence, data.refusals.options[i].confidence, data, api);
      var expected = benefit * confidence, perPound = expected / o.cost;
      return { index: i, name: o.name, cost: o.cost, expected: expected, perPound: perPound,
               per1000: perPound * 1000.0 };
    });
    var budget = values.budget;
    checkPriority("budget", budget, data.refusals.budget, data, api);
    // sort_values(ascending=False, kind="stable"): highest first, ties in the order given.
    options.sort(function (a, b) {
      return a.perPound > b.perPound ? -1 : (a.perPound < b.perPound ? 1 : a.index - b.index);
    });
    var left = budget, stopped = false;
    options.forEach(function (o) {
      if (stopped) o.share = 0.0;
      else if (o.cost <= left + 1e-9) { o.share = 1.0; left -= o.cost; }
      else if (values.allow_partial) { o.share = Math.max(left, 0.0) / o.cost; left = 0.0; stopped = true; }
      else o.share = 0.0;
      o.funded = o.share > 0;
      o.fundedCost = o.share * o.cost;
    });
    var spent = 0;
    options.forEach(function (o) { spent += o.fundedCost; });
    var funded = options.filter(function (o) { return o.funded; });
    var names = funded.length ? funded.map(function (o) { return o.name; }).join(", ") : "nothing";
    var headline = "With " + fmt.money(budget) + " you fund " + names + ": " + fmt.money(spent) +
      " spent, " + fmt.money(budget - spent) + " left over.";
    var chart = api.svgBars(options.map(function (o) { return [o.name, o.per1000]; }), {
      title: "Expected benefit per £1,000, best first (green: funded)",
      valueLabel: "benefit points per £1,000",
      format: function (v) { return pyFixed(v, 3, false); }, colours: data.svg,
    });
    var rows = options.map(function (o, n) {
      return [String(n + 1), o.name, fmt.money(o.cost), pyFixed(o.expected, 1, false),
              pyFixed(o.per1000, 3, false),
              o.share >= 1 ? "yes" : (o.funded ? fmt.pct(o.share, 0) : "no")];
    });
    var table = api.table(rows, ["Rank", "Option", "Cost", "Expected benefit (points)",
                                 "Benefit per £1,000", "Funded"],
                          "Options ranked by expected benefit per pound");
    return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + chart + table;
  }

  var RENDER = { pace: renderPace, gain: renderGain, invest: renderInvest };

  window.commlibBx.defineModule("money", {
    render: function (values, data, api) {
      api_ = api;
      return RENDER[data.kind](values, data, api);
    },
  });
})();
