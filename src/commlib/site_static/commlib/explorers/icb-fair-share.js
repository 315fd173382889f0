/* ICB need and fair share (commlib.widgets.browser_allocations): the site twin of
 * allocations.icb_allocation_widget. The fair share is commlib.allocation.weighted_capitation
 * of the national sum over every ICB of the year by core weighted population: exact pence,
 * largest remainder, ties to the ICB listed first. Everything that depends only on the ICB and
 * year comes ready from commlib. Proven equal to commlib by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  window.commlibBx.defineModule("icb-fair-share", {
    render: function (values, data, api) {
      var fmt = api.fmt, x = values.national_sum_m;
      // allocations._check_national_sum_m, then _check_icb_in_year, in that order.
      if (!(x > 0)) throw new api.Refusal(data.refusals.zero);
      if (!(x <= data.national_sum_max_m)) throw new api.Refusal(data.refusals.huge);
      var nationalSum = api.pyRound2(x * 1e6);
      if (nationalSum < 0.01) throw new api.Refusal(data.refusals.tiny);
      var cell = data.cells[values.icb_code + "|" + values.year];
      if (cell.error) throw new api.Refusal(cell.error);
      var totalPence = api.pyRound(nationalSum * 100);
      var year = data.years[values.year];
      var pence = api.sharesPence(year.wp_core, year.weight_sum, totalPence);
      var share = Number(pence[year.codes.indexOf(values.icb_code)]) / 100;
      var fraction = share / nationalSum, perHead = share / cell.population;
      var headline = cell.name + ", " + values.year + ": core need index " + cell.need_core_text +
        " (England = 1); fair share " + fmt.money(share, 2) + " of " + fmt.money_m(nationalSum) +
        " (" + fmt.pct(fraction, 2) + "), " + fmt.per_head(perHead) + ".";
      var rows = [
        ["Registered population", cell.population_text],
        ["ICBs sharing the national sum", cell.icb_count_text],
        ["National sum", fmt.money_m(nationalSum)],
        ["Fair share (core weighted population)", fmt.money(share, 2)],
        ["Share of the national sum", fmt.pct(fraction, 2)],
        ["Fair share per registered person", fmt.per_head(perHead)],
      ];
      return '<p class="commlib-headline">' + api.escape(headline) + "</p>" +
        api.table(rows, ["Measure", "Value"], "Fair share of " + cell.name + ", " + values.year) +
        cell.bars;
    },
  });
})();
