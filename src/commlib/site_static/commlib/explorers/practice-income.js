/* Practice income (commlib.widgets.browser_money): the site twin of
 * practice_income.practice_income_explorer. The arithmetic is commlib.primary_care
 * .practice_income, in the model's order of floating-point operations, on each year's contract
 * values exported by commlib; the inputs are checked as primary_care.check_practice_input
 * checks them, with its sentences. Proven equal to the live widget by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // Python's format(x, "g"): six significant digits, rounded half to even on x's exact value.
  function pyG(x) {
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    var sign = x < 0 ? "-" : "", exact = Math.abs(x).toExponential(100);
    var e = exact.indexOf("e"), exp = parseInt(exact.slice(e + 1), 10);
    var digits = exact.slice(0, e).replace(".", "");
    var kept = digits.slice(0, 6).split("").map(Number), rest = digits.slice(6);
    var up = rest.charAt(0) > "5" || (rest.charAt(0) === "5" &&
      (/[1-9]/.test(rest.slice(1)) || kept[5] % 2 === 1));
    if (up) {
      var i = 5;
      while (i >= 0 && kept[i] === 9) { kept[i] = 0; i -= 1; }
      if (i >= 0) kept[i] += 1; else { kept.unshift(1); kept.pop(); exp += 1; }
    }
    var text;
    if (exp >= -4 && exp < 6) {
      var all = kept.join("");
      if (exp >= 0) text = all.slice(0, exp + 1) + "." + all.slice(exp + 1);
      else text = "0." + "0".repeat(-exp - 1) + all;
      text = text.replace(/0+$/, "").replace(/\.$/, "");
    } else {
      var mant = (kept[0] + "." + kept.slice(1).join("")).replace(/0+$/, "").replace(/\.$/, "");
      text = mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return sign + text;
  }

  // primary_care.check_practice_input
  function check(name, value, data, api) {
    var refusals = data.refusals[name];
    if (typeof value !== "number" || isNaN(value)) throw new api.Refusal(refusals.blank);
    if (value < 0) throw new api.Refusal(refusals.negative);
    if (value > data.limits[name]) throw new api.Refusal(refusals.huge);
  }

  window.commlibBx.defineModule("practice-income", {
    render: function (values, data, api) {
      var fmt = api.fmt;
      data.order.forEach(function (name) { check(name, values[name], data, api); });
      var year = values.year, contract = data.years[year];
      var terms = contract[values.use_revised ? "revised" : "april"];
      var patients = values.registered_patients, weighting = values.carr_hill_weighting;
      var deduction = values.oohs_opt_out ? terms.deduction : 0.0;
      var weighted = patients * weighting;
      var globalSum = weighted * (terms.price - deduction);
      var qof = 0.0;
      if (values.qof_points > 0) {
        qof = values.qof_points * contract.value_per_point *
          (patients / contract.national_average_list_size) * 1.0 * values.qof_prevalence_ratio;
      }
      var streams = [globalSum, qof, values.enhanced_services, values.other];
      var total = 0;
      streams.forEach(function (v) { total += v; });
      var labels = data.streams;
      var chart = api.svgBars(labels.map(function (label, i) { return [label, streams[i]]; }), {
        title: "Practice income by stream, " + year, valueLabel: "£ a year",
        format: function (v) { return fmt.money(v); }, colours: data.svg,
      });
      var rows = labels.map(function (label, i) {
        return [label, fmt.money(streams[i]), total ? fmt.pct(streams[i] / total) : "\u2013"];
      });
      rows.push(["Total", fmt.money(total), total ? fmt.pct(1.0) : "\u2013"]);
      var table = api.table(rows, ["Stream", "£ a year", "Share of total"],
                            "Income by stream, " + year);
      var headline = "In " + year + " a practice of " + fmt.count(patients) +
        " patients with a Carr-Hill weighting of " + pyG(weighting) + " earns " +
        fmt.money(total) + ": " + fmt.money(globalSum) + " global sum (at " + terms.price_text +
        " per weighted patient" + (values.oohs_opt_out ? terms.deduction_text : "") + ") and " +
        fmt.money(qof) + " from QOF.";
      var note = terms.note ? '<p class="commlib-caveat">' + api.escape(terms.note) + "</p>" : "";
      return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + note + chart +
        table;
    },
  });
})();
