/* York urgent care (commlib.widgets.browser_needs): the site twin of
 * urgent_care.live_explorer. The arithmetic is commlib.urgent_care.redirect and
 * redirect_summary, in the model's order of floating-point operations, on the inputs commlib
 * exports; the typed percentages are read as urgent_care.share_from_pct reads them, with its
 * sentences. The chart is commlib.plots.svg_bars, ported. Proven equal to the live widget by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // plots.svg_bars as the runtime draws it, with commlib's palette and a colour per bar.
  function svgBars(api, svg, values, opts) {
    if (!values.length) throw new Error("nothing to draw: the chart has no bars");
    return api.svgBars(values, Object.assign({}, opts, { barColours: opts.colours, colours: svg }));
  }

  // urgent_care.share_from_pct: a finite number from 0 to 100, as a fraction (-0 read as 0).
  function shareFromPct(value, refusals, api) {
    if (typeof value !== "number" || !isFinite(value)) throw new api.Refusal(refusals.nan);
    if (!(value >= 0 && value <= 100)) throw new api.Refusal(refusals.range);
    return value / 100 + 0;
  }

  // f"{v:,.0f}": ties to even on the exact binary value.
  function wholeNumber(v, api) {
    var r = Math.abs(api.pyRound(v));
    var sign = v < 0 || Object.is(v, -0) ? "-" : "";
    return sign + String(r).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  var ORDER = ["A&E", "UTC", "GP"];

  // urgent_care.redirect: one row per setting.
  function redirect(inputs, share, setting) {
    var moved = inputs.ae_attendances * inputs.primary_care_need_share * share;
    var before = { "A&E": inputs.ae_attendances, UTC: inputs.utc_attendances,
                   GP: inputs.gp_attendances };
    var after = { "A&E": before["A&E"], UTC: before.UTC, GP: before.GP };
    after["A&E"] -= moved;
    after[setting] += moved;
    var capacity = { "A&E": inputs.ae_capacity, UTC: inputs.utc_capacity, GP: inputs.gp_capacity };
    var unit = { "A&E": inputs.cost_ae, UTC: inputs.cost_utc, GP: inputs.cost_gp };
    var rows = {};
    ORDER.forEach(function (name) {
      rows[name] = {
        attendances_before: before[name], attendances: after[name],
        pressure_before: before[name] / capacity[name], pressure: after[name] / capacity[name],
        cost_before: before[name] * unit[name], cost: after[name] * unit[name],
      };
    });
    return { moved: moved, rows: rows };
  }

  // A pandas Series.sum of the three settings, in table order.
  function total(rows, column) {
    return ORDER.reduce(function (sum, name) { return sum + rows[name][column]; }, 0);
  }

  window.commlibBx.defineModule("urgent-care", {
    render: function (values, data, api) {
      var fmt = api.fmt, setting = values.setting;
      var needShare = shareFromPct(values.need_share_pct, data.refusals.need, api);
      var share = shareFromPct(values.share_redirected_pct, data.refusals.share, api);
      var inputs = Object.assign({}, data.inputs, { primary_care_need_share: needShare });
      var result = redirect(inputs, share, setting), rows = result.rows;
      var change = total(rows, "cost") - total(rows, "cost_before");
      var money = api.pyRound(change) === 0 ? "cost unchanged" : (
        change < 0 ? "saves " + fmt.money_m(-change) + " a year"
          : "costs " + fmt.money_m(change) + " a year more");
      var sentence = fmt.pct(share, 0) + " to the " + setting + ": " + fmt.count(result.moved) +
        " attendances moved; A&E at " + fmt.pct(rows["A&E"].pressure, 0) + " of capacity, " +
        setting + " at " + fmt.pct(rows[setting].pressure, 0) + "; " + money + ".";
      var chart = svgBars(api, data.svg, ORDER.map(function (name) {
        return [data.setting_names[name], rows[name].pressure * 100];
      }), {
        title: data.chart.title, valueLabel: data.chart.value_label,
        format: function (v) { return wholeNumber(v, api) + "%"; },
        colours: data.colours, reference: 100, referenceLabel: data.chart.reference_label,
      });
      var tableRows = ORDER.map(function (name) {
        var row = rows[name];
        return [data.setting_names[name], fmt.count(row.attendances_before),
                fmt.count(row.attendances), fmt.pct(row.pressure, 0), fmt.money_m(row.cost)];
      });
      tableRows.push(["Total", fmt.count(total(rows, "attendances_before")),
                      fmt.count(total(rows, "attendances")), "", fmt.money_m(total(rows, "cost"))]);
      return '<p class="commlib-headline" role="status">' + api.escape(sentence) + "</p>" + chart +
        api.table(tableRows, data.table.headers, data.table.caption);
    },
  });
})();
