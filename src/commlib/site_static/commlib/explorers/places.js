/* Places inside an ICB (commlib.widgets.browser_allocations): the site twin of
 * allocations.place_allocation_widget, for every ICB, year, grouping and component and any
 * amount. The places' sums come ready from commlib (one part per year, loaded when the reader
 * picks the year); this module does what commlib.places.place_allocation does with them: need
 * index against the ICB and England, and the amount shared by weighted population to the
 * penny (largest remainder, ties to the place listed first). Proven equal to commlib by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  function firstIndexOf(values, better) {
    var best = 0;
    for (var i = 1; i < values.length; i += 1) if (better(values[i], values[best])) best = i;
    return best;
  }

  // places.need_profile: every component's need index (England = 1) of each place and of
  // the whole ICB, as allocations._profile_table shows it.
  function profile(group, england, name, values, data, api) {
    var whole = name + " (whole ICB)";
    var ratios = data.component_order.map(function (c) {
      return england[c] / england.population;
    });
    function text(v) { return isNaN(v) ? "\u2013" : api.fmt.index(v); }
    var rows = group.places.map(function (place, i) {
      var p = group.population[i];
      return [place].concat(data.component_order.map(function (c, k) {
        return text(p > 0 ? group.weighted[c][i] / p / ratios[k] : NaN);
      }));
    });
    rows.push([whole].concat(data.component_order.map(function (c, k) {
      return text(group.weighted_total[c] / group.population_total / ratios[k]);
    })));
    return api.table(rows, ["Place"].concat(data.component_titles),
      "Every need index (England = 1): places of " + name + ", " + values.year + ", by " +
      data.phrases[values.by] + ", and the whole ICB (a place above the ICB's row " +
      "needs more than its ICB in that service)");
  }

  window.commlibBx.defineModule("places", {
    render: function (values, data, api) {
      var fmt = api.fmt, x = values.amount_m, refusals = data.refusals;
      // allocations._check_place_amount_m, then place_shares' checks, in that order.
      if (!(x > 0)) throw new api.Refusal(refusals.zero);
      if (!(x <= data.amount_max_m)) throw new api.Refusal(refusals.huge);
      var amount = api.pyRound2(x * 1e6);
      if (amount < 0.01) throw new api.Refusal(refusals.tiny);
      var icbYearError = data.icb_year_errors[values.icb_code + "|" + values.year];
      if (icbYearError) throw new api.Refusal(icbYearError);
      var part = api.need("places--" + data.year_keys[values.year]);
      var group = part[values.icb_code + "|" + values.by];
      if (group.error) throw new api.Refusal(group.error);

      var c = values.component, england = data.england[values.year];
      var weighted = group.weighted[c], population = group.population;
      var icbRatio = group.weighted_total[c] / group.population_total;
      var englandRatio = england[c] / england.population;
      var perHead = weighted.map(function (w, i) { return population[i] > 0 ? w / population[i] : NaN; });
      var need = perHead.map(function (p) { return p / icbRatio; });
      var needEngland = perHead.map(function (p) { return p / englandRatio; });
      var totalPence = api.pyRound(amount * 100);
      var pence = api.sharesPence(weighted, group.weighted_total[c], totalPence);
      var allocation = pence.map(function (p) { return Number(p) / 100; });

      var name = data.icb_names[values.icb_code], phrase = data.phrases[values.by];
      var n = group.places.length;
      var top = firstIndexOf(need, function (a, b) { return a > b; });
      var bottom = firstIndexOf(need, function (a, b) { return a < b; });
      var headline = name + ", " + values.year + ": " + n + " " + (n === 1 ? "place" : "places") +
        " by " + phrase + ". Highest need " + group.places[top] + " (" + fmt.index(need[top]) +
        " against the ICB = 1), lowest " + group.places[bottom] + " (" + fmt.index(need[bottom]) +
        "). The shares add back to " + fmt.money(totalPence / 100, 2) + " of " +
        fmt.money(amount, 2) + ".";
      var rows = group.places.map(function (place, i) {
        return [place, group.practices_text[i], group.population_text[i], fmt.index(need[i]),
                fmt.index(needEngland[i]), fmt.money(allocation[i], 2),
                fmt.per_head(allocation[i] / population[i])];
      });
      rows.push(["Total", group.total_practices_text, group.total_population_text,
                 fmt.index(1.0), "", fmt.money(totalPence / 100, 2), ""]);
      var label = data.component_labels[c];
      var table = api.table(rows, ["Place", "GP practices", "Registered population",
        "Need index (ICB = 1)", "Need index (England = 1)", "Fair share", "Fair share per head"],
        "Places of " + name + ", " + values.year + ", by " + phrase + ": " + label);
      var bars = api.svgBars(group.places.map(function (p, i) { return [p, need[i]]; }), {
        title: "Need index by place (" + label + ")", valueLabel: "Need index (ICB = 1)",
        format: fmt.index, reference: 1.0, referenceLabel: "ICB = 1", colours: data.colours,
      });
      return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + table + bars +
        profile(group, england, name, values, data, api);
    },
  });
})();
