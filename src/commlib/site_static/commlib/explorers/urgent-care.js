/* York urgent care (commlib.widgets.browser_needs): the site twin of
 * urgent_care.live_explorer. The arithmetic is commlib.urgent_care.redirect and
 * redirect_summary, in the model's order of floating-point operations, on the inputs commlib
 * exports; the typed percentages are read as urgent_care.share_from_pct reads them, with its
 * sentences. The chart is commlib.plots.svg_bars, ported. Proven equal to the live widget by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // commlib.plots.svg_bars, ported: the same markup (text, title and desc to the character).
  function svgBars(api, svg, values, opts) {
    var esc = api.escape, names = values.map(function (v) { return v[0]; });
    var nums = values.map(function (v) { return v[1]; });
    if (!values.length) throw new Error("nothing to draw: the chart has no bars");
    var width = opts.width || 640, barHeight = opts.barHeight || 26;
    var labelW = 210, valueW = 110, top = 36, plotW = width - labelW - valueW - 10;
    var ref = opts.reference, hasRef = ref !== undefined && ref !== null;
    var low = Math.min.apply(null, [0].concat(nums, [hasRef ? ref : 0]));
    var high = Math.max.apply(null, [0].concat(nums, [hasRef ? ref : 0]));
    var span = (high - low) || 1;
    var sx = function (v) { return labelW + (v - low) / span * plotW; };
    var height = top + barHeight * values.length + 30, format = opts.format;
    var desc = values.map(function (v) { return v[0] + ": " + format(v[1]); }).join("; ");
    var parts = [
      '<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg" role="img" viewBox="0 0 ' +
        width + " " + height + '" width="100%" style="max-width:' + width + 'px">',
      "<title>" + esc(opts.title) + "</title><desc>" + esc(opts.valueLabel + ". " + desc) +
        "</desc>",
      '<rect x="0" y="0" width="' + width + '" height="' + height + '" fill="#ffffff"/>',
      '<text x="4" y="20" font-size="14" font-weight="bold" fill="' + svg.text_colour + '">' +
        esc(opts.title) + "</text>",
    ];
    names.forEach(function (name, n) {
      var value = nums[n], y = top + n * barHeight;
      var a = sx(0), b = sx(value), xStart = Math.min(a, b), xEnd = Math.max(a, b);
      var colour = (opts.colours && opts.colours[name]) || (value >= 0 ? svg.blue : svg.vermillion);
      var ty = (y + barHeight * 0.65).toFixed(1);
      parts.push(
        '<text x="' + (labelW - 8) + '" y="' + ty + '" text-anchor="end" font-size="12" fill="' +
        svg.text_colour + '">' + esc(name) + "</text>" +
        '<rect x="' + xStart.toFixed(1) + '" y="' + (y + 3) + '" width="' +
        Math.max(xEnd - xStart, 1).toFixed(1) + '" height="' + (barHeight - 6) + '" fill="' +
        colour + '" data-bar="' + esc(name) + '" data-value="' + value.toFixed(4) + '"/>' +
        '<text x="' + (labelW + plotW + 8) + '" y="' + ty + '" font-size="12" fill="' +
        svg.text_colour + '">' + esc(format(value)) + "</text>");
    });
    if (hasRef) {
      var rx = sx(ref).toFixed(1), bottom = top + barHeight * values.length;
      parts.push('<line x1="' + rx + '" x2="' + rx + '" y1="' + (top - 4) + '" y2="' + bottom +
        '" stroke="' + svg.black + '" stroke-dasharray="4 3"/>');
      if (opts.referenceLabel) {
        parts.push('<text x="' + rx + '" y="' + (bottom + 16) + '" text-anchor="middle" ' +
          'font-size="12" fill="' + svg.text_colour + '">' + esc(opts.referenceLabel) + "</text>");
      }
    }
    parts.push('<text x="' + (labelW + plotW / 2).toFixed(1) + '" y="' + (height - 2) +
      '" text-anchor="middle" font-size="12" fill="' + svg.text_colour + '">' +
      esc(opts.valueLabel) + "</text></svg>");
    return parts.join("");
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
