/* The Derbyshire shape of the system (commlib.widgets.browser_misc): the site twin of
 * system_shape.shape_explorer. The rule is commlib.system_shape.shift_to_place, ported in the
 * same floating-point order: from the do-nothing shape for 2020/21, specialist spending falls by
 * the amount moved, place-based spending rises by that amount times the place-based cost per
 * pound, infrastructure falls by the cut; the staff needed are the place spending above
 * baseline divided by the (illustrative) spending per extra member of staff. The chart's text is
 * plots.svg_bars'. The refusal sentences come from commlib. Proven equal to commlib by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // Python's round(x, -1): the nearest multiple of ten of x's exact value, ties to even.
  function roundTens(x) {
    var q = Math.floor(x / 10), r = x - 10 * q;
    if (r < 0) { q -= 1; r += 10; } else if (r >= 10) { q += 1; r -= 10; }
    if (r > 5 || (r === 5 && q % 2 !== 0)) q += 1;
    return q * 10;
  }

  function shape(specialist, place, infrastructure) {
    var amounts = { specialist: specialist, place: place, infrastructure: infrastructure };
    var total = specialist + place + infrastructure, shares = {};
    Object.keys(amounts).forEach(function (k) { shares[k] = amounts[k] / total; });
    return { amounts: amounts, total: total, shares: shares };
  }

  window.commlibBx.defineModule("derbyshire-shape", {
    render: function (values, data, api) {
      var fmt = api.fmt, shift = values.shift_m * 1e6, ratio = values.place_cost_per_pound;
      var dn = data.do_nothing, base = data.baseline;
      if (shift > dn.specialist) {
        throw new api.Refusal(data.too_much.replace("{shift}", fmt.money_m(shift))
          .replace("{available}", data.available_text));
      }
      if (!(ratio > 0)) throw new api.Refusal(data.zero_cost);
      var cut = values.infrastructure_cut_pct / 100;
      var shapes = {
        "baseline": shape(base.specialist, base.place, base.infrastructure),
        "do nothing 2020/21": shape(dn.specialist, dn.place, dn.infrastructure),
        "your plan": shape(dn.specialist - shift, dn.place + shift * ratio,
          dn.infrastructure * (1 - cut)),
      };
      var plan = shapes["your plan"], cost = plan.total - shapes["do nothing 2020/21"].total;
      var extra = plan.amounts.place - base.place;
      var staff = Math.max(extra, 0) / data.per_staff;
      var against = cost < 0 ? fmt.money_m(-cost) + " less than doing nothing"
        : cost > 0 ? fmt.money_m(cost) + " more than doing nothing" : "the same as doing nothing";
      var headline = "Moving " + fmt.money_m(shift, 0) + " out of specialist settings costs " +
        fmt.money_bn(plan.total, 2) + " in 2020/21, " + against + "; place-based care is " +
        fmt.pct(plan.shares.place, 0) + " of spending and needs about " +
        fmt.count(roundTens(staff)) + " more staff than at baseline.";
      var bars = {}, colours = {}, names = Object.keys(shapes);
      data.settings.forEach(function (setting) {
        names.forEach(function (name) {
          var label = data.setting_labels[setting] + ": " + name;
          bars[label] = shapes[name].amounts[setting] / 1e6;
          colours[label] = data.scenario_colours[name];
        });
      });
      var chart = api.svgBars(bars, {
        title: "Health spending by setting (£m)", valueLabel: "£m",
        format: function (v) { return fmt.money(v) + "m"; }, barColours: colours });
      var rows = data.settings.map(function (setting) {
        return [data.setting_labels[setting]].concat(names.map(function (name) {
          var s = shapes[name];
          return fmt.money_m(s.amounts[setting]) + " (" + fmt.pct(s.shares[setting], 0) + ")";
        }));
      });
      rows.push(["Total"].concat(names.map(function (name) {
        return fmt.money_m(shapes[name].total);
      })));
      return '<p class="commlib-headline"><strong>' + api.escape(headline) + "</strong></p>" +
        chart + api.table(rows, ["Setting", "Baseline", "Do nothing 2020/21",
          "Your plan 2020/21"], "Spending by setting, £m (share of total)");
    },
  });
})();
