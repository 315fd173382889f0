/* The capital scheme explorer (commlib.widgets.browser_misc): the site twin of
 * widgets.capital.capital_explorer. Every number is typed, so the rule is ported from
 * commlib.capital in the same floating-point order: straight-line depreciation in exact pence
 * (the first years carry the odd pence), the PDC dividend on the average book value of each
 * year, the running costs; the totals over the life are numpy's pairwise sums. The boxes are
 * checked in the live widget's order and refused with its sentences (exported). The chart's text
 * is plots.svg_bars'. Proven equal to commlib by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // numpy.spacing for a finite x >= 0: the gap to the next double.
  function spacing(x) {
    if (x < Math.pow(2, -1022)) return Math.pow(2, -1074);
    var e = Math.floor(Math.log2(x));
    if (Math.pow(2, e) > x) e -= 1;
    if (Math.pow(2, e + 1) <= x) e += 1;
    return Math.pow(2, e - 52);
  }

  // allocation.to_pence's test: a hair from whole pence is float noise, more is a fraction.
  function wholePence(api, pounds) {
    var pence = pounds * 100, whole = api.pyRound(pence);
    return Math.abs(pence - whole) > Math.max(1e-6, 8 * spacing(Math.abs(pence))) ? null : whole;
  }

  // numpy's pairwise summation (float64 add.reduce over a contiguous array).
  function pairwise(a, start, n) {
    var i, res;
    if (n < 8) {
      res = 0;
      for (i = 0; i < n; i += 1) res += a[start + i];
      return res;
    }
    if (n <= 128) {
      var r = a.slice(start, start + 8);
      for (i = 8; i < n - (n % 8); i += 8) {
        for (var j = 0; j < 8; j += 1) r[j] += a[start + i + j];
      }
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i += 1) res += a[start + i];
      return res;
    }
    var n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
  }

  function sum(column) { return pairwise(column, 0, column.length); }

  // widgets.capital._check_boxes, in its order.
  function check(values, data, api) {
    var m = data.messages, cost = values.capital_cost, life = values.useful_life_years;
    var running = values.running_cost_per_year, rate = values.pdc_dividend_rate;
    if (!isFinite(cost)) throw new api.Refusal(m.cost_blank);
    if (cost < 0.01) throw new api.Refusal(m.cost_zero);
    if (cost > data.max_money) throw new api.Refusal(m.cost_huge);
    if (wholePence(api, cost) === null) throw new api.Refusal(m.cost_pence);
    if (!isFinite(life)) throw new api.Refusal(m.life_blank);
    if (!Number.isInteger(life)) throw new api.Refusal(m.life_whole);
    if (life < 1) throw new api.Refusal(m.life_zero);
    if (life > data.max_life) throw new api.Refusal(m.life_long);
    if (!isFinite(running)) throw new api.Refusal(m.running_blank);
    if (running < 0) throw new api.Refusal(m.running_negative);
    if (running > data.max_money) throw new api.Refusal(m.running_huge);
    if (!isFinite(rate)) throw new api.Refusal(m.rate_blank);
    if (!(rate >= 0 && rate <= 1)) throw new api.Refusal(m.rate_range);
  }

  window.commlibBx.defineModule("capital-scheme", {
    render: function (values, data, api) {
      check(values, data, api);
      var fmt = api.fmt, cost = values.capital_cost, life = values.useful_life_years;
      var running = values.running_cost_per_year, rate = values.pdc_dividend_rate;
      // capital.depreciation_schedule (no residual value), then revenue_consequences.
      var costPence = wholePence(api, cost), base = Math.floor(costPence / life);
      var extra = costPence - base * life, opening = costPence;
      var dep = [], pdc = [], run = [], total = [];
      for (var year = 1; year <= life; year += 1) {
        var charge = base + (year <= extra ? 1 : 0);
        var average = (opening / 100 + (opening - charge) / 100) / 2;
        dep.push(charge / 100);
        pdc.push(average * rate);
        run.push(running);
        total.push(charge / 100 + average * rate + running);
        opening -= charge;
      }
      var totals = { depreciation: sum(dep), pdc_dividend: sum(pdc), running_costs: sum(run),
                     total_revenue_cost: sum(total) };
      var ratio = totals.total_revenue_cost / cost;
      var headline = "A " + fmt.money(cost) + " asset used for " + life + " " +
        (life === 1 ? "year" : "years") + " costs the revenue account " + fmt.money(total[0]) +
        " in year 1 and " + fmt.money(totals.total_revenue_cost) + " over its life: " +
        fmt.index(ratio, 1) + " times its price.";
      var chart = api.svgBars({ "Depreciation": dep[0], "PDC dividend": pdc[0],
                                "Running costs": run[0] }, {
        title: "Revenue cost in year 1", valueLabel: "£ in year 1",
        format: function (v) { return fmt.money(v); }, barColours: data.colours });
      var rows = dep.map(function (d, i) {
        return ["Year " + (i + 1), fmt.money(d), fmt.money(pdc[i]), fmt.money(run[i]),
                fmt.money(total[i])];
      });
      rows.push(["Over the life", fmt.money(totals.depreciation), fmt.money(totals.pdc_dividend),
                 fmt.money(totals.running_costs), fmt.money(totals.total_revenue_cost)]);
      return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + chart +
        api.table(rows, ["Year", "Depreciation", "PDC dividend", "Running costs",
                         "Revenue cost"], "Revenue cost of the scheme year by year (£)");
    },
  });
})();
