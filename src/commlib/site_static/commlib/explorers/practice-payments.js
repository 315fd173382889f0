/* A real practice's payments (commlib.widgets.browser_payments): the site twin of
 * practice_payments.practice_payments_explorer. The search is commlib.primary_care
 * .find_practice over the year's codes and names (a part per year); the practice's payments
 * come from a part per year and first letter of its code; prices, medians, words and refusals
 * come ready from commlib. Proven equal to the live widget by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // primary_care.normalise_practice_query: spaces collapsed, in capitals.
  function normalise(text) {
    return String(text).split(/\s+/).filter(Boolean).join(" ").toUpperCase();
  }

  var keys = {};  // year -> the names as they are matched (normalised once)

  // primary_care.find_practice: the position of the practice in the year's list.
  function find(year, query, list, data, api) {
    var text = normalise(query);
    if (!text) throw new api.Refusal(data.blank[year]);
    for (var i = 0; i < list.codes.length; i += 1) {
      if (list.codes[i].toUpperCase() === text) return i;
    }
    if (!keys[year]) keys[year] = list.names.map(normalise);
    var names = keys[year], matches = [];
    for (var j = 0; j < names.length; j += 1) if (names[j].indexOf(text) >= 0) matches.push(j);
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw new api.Refusal(data.none[year]);
    var exact = matches.filter(function (k) { return names[k] === text; });
    if (exact.length === 1) return exact[0];
    var shown = matches.slice(0, data.shown).map(function (k) {
      return list.codes[k] + " " + list.names[k];
    });
    var more = matches.length > data.shown ?
      " and " + api.fmt.count(matches.length - data.shown) + " more" : "";
    throw new api.Refusal(data.many.replace("{count}", api.fmt.count(matches.length))
      .replace("{year}", year).replace("{examples}", shown.join("; ")).replace("{more}", more));
  }

  window.commlibBx.defineModule("practice-payments", {
    render: function (values, data, api) {
      var fmt = api.fmt, year = values.year, key = data.year_keys[year];
      var list = api.need("practice-payments--" + key);
      var at = find(year, values.practice, list, data, api);
      var code = list.codes[at];
      var entry = api.need("practice-payments--" + key + "-" + code.charAt(0))[code];
      var row = {};
      data.columns.forEach(function (column, i) { row[column] = entry[i]; });
      var kind = data.kinds[row.kind], area = data.areas[row.area];
      var registered = row.registered_patients, weighted = row.weighted_patients;
      var total = row.total_payments, name = list.names[at] + " (" + code + ")";
      function per(value, patients) {
        return patients > 0 ? fmt.money(value / patients, 2) : "\u2013";
      }
      var headline = name + ", " + year + ": a " + kind + " practice in " + area + ", with " +
        fmt.count(registered) + " registered patients (" + fmt.count(weighted) +
        " weighted). NHS payments to it came to " + fmt.money(total) + " in all.";
      var perText;
      if (registered > 0 && weighted > 0) {
        var median = data.medians[year + "|" + kind];
        var compare = median === undefined ? "" : ", against a median of " +
          fmt.money(median, 2) + " for " + kind + " practices in England that year";
        perText = "That is " + per(total, registered) + " per registered patient and " +
          per(total, weighted) + " per weighted patient" + compare + ".";
      } else {
        perText = "It had no registered patients in the data that year (it may have opened " +
          "or closed during the year), so there is no figure per patient.";
      }
      var price = data.prices[year], model = weighted * (price - 0.0);
      var modelText = "At the national price of " + fmt.money(price, 2) + " per weighted " +
        "patient for " + year + ", its list gives a global sum of " + fmt.money(model) +
        "; it was paid " + fmt.money(row.global_sum) + " as global sum: " +
        data.clauses[kind] + ".";
      var streams = data.streams.map(function (s) { return [s[1], row[s[0]]]; });
      var rows = streams.map(function (s) {
        return [s[0], fmt.money(s[1], 2), per(s[1], registered),
                total ? fmt.pct(s[1] / total) : "\u2013"];
      });
      rows.push(["Total payments", fmt.money(total, 2), per(total, registered),
                 total ? fmt.pct(1.0) : "\u2013"]);
      data.outside.forEach(function (s) {
        rows.push([s[1] + " (not in the total)", fmt.money(row[s[0]], 2),
                   per(row[s[0]], registered), ""]);
      });
      var table = api.table(rows, ["Stream", "£ in the year", "£ per registered patient",
        "Share of total"], "NHS payments to " + name + ", " + year +
        ", by stream (NHS Payments to General Practice)");
      var chart = api.svgBars(streams, {
        title: "Payments to " + name + ", " + year, valueLabel: "£ in the year",
        format: function (v) { return fmt.money(v); }, colours: data.colours,
      });
      return '<p class="commlib-headline">' + api.escape(headline) + "</p><p>" +
        api.escape(perText) + "</p><p>" + api.escape(modelText) + "</p>" + chart + table;
    },
  });
})();
