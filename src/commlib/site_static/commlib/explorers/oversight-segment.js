/* Which segment? (commlib.widgets.browser_governance): the site twin of
 * governance.segment_explorer. Seven metric scores and two boxes make tens of thousands of
 * settings, so the 2025/26 rule of commlib.governance.segments_2025 is ported here:
 *   1. the example trust's average metric score is the mean of its scores;
 *   2. the twelve trusts are ranked by average score, 1.00 best (equal scores share the better
 *      rank) and listed best first (ties by name);
 *   3. quartiles of the ranking give segments 1 to 4: the trust of rank r of n is in quarter
 *      ceil(4 r / n) (governance.quartile_segment);
 *   4. the financial override: a trust in deficit or receiving deficit support is placed no
 *      higher than the exported cap (segment 3);
 *   5. a trust placed in the Provider Improvement Programme is in segment 5.
 * The other trusts' averages and deficit flags, the pieces of each reason and every heading
 * come from commlib; the chart is plots.svg_bars, ported below. Proven equal to commlib by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(fields, key) ? String(fields[key]) : whole;
    });
  }

  // Python's f"{x:.2f}": correctly rounded, ties to even (api.pyRound2), two decimals.
  function fixed2(api, x) {
    return api.pyRound2(x).toFixed(2);
  }

  // Python's sorted(..., key=lambda k: (score, str(k))).
  function byScoreThenName(a, b) {
    if (a.average !== b.average) return a.average < b.average ? -1 : 1;
    return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0);
  }

  // governance.segments_2025 for the twelve trusts, best first.
  function segments(trusts, pipName, data) {
    var n = trusts.length, reasons = data.reasons;
    var order = trusts.slice().sort(byScoreThenName);
    return order.map(function (t) {
      var rank = 1;
      trusts.forEach(function (other) { if (other.average < t.average) rank += 1; });
      var quartile = Math.floor((4 * rank + n - 1) / n);
      var override = t.in_deficit && quartile < data.deficit_cap;
      var segment = override ? data.deficit_cap : quartile;
      var reason = fill(reasons.rank, {
        score: t.scoreText, rank: rank, n: n, quartile: quartile });
      if (override) reason += fill(reasons.override, { cap: data.deficit_cap });
      else if (t.in_deficit) reason += fill(reasons.no_override, { quartile: quartile });
      var inPip = t.name === pipName;
      if (inPip) {
        segment = data.pip_segment;
        reason += reasons.pip;
      }
      return { name: t.name, average: t.average, scoreText: t.scoreText, rank: rank,
               quartile: quartile, in_deficit: t.in_deficit, segment: segment, reason: reason };
    });
  }

  // plots.svg_bars with the explorer's two colours, as the runtime draws it (api.svgBars).
  function svgBars(api, items, options, colours) {
    return api.svgBars(items.map(function (it) {
      return [it[0], it[1]];
    }), Object.assign({}, options, {
      barColours: items.reduce(function (map, it) {
        map[it[0]] = it[1] >= 0 ? colours.positive : colours.negative;
        return map;
      }, {}),
      colours: { text: colours.text, black: colours.reference },
    }));
  }

  window.commlibBx.defineModule("oversight-segment", {
    render: function (values, data, api) {
      var text = data.text;
      var scores = data.metrics.map(function (m, i) { return Number(values["m" + i]); });
      // governance.average_metric_score: the sum, then one division.
      var total = 0;
      scores.forEach(function (s) { total += s; });
      var average = total / scores.length;
      var trusts = data.peers.map(function (p) {
        return { name: p.name, average: p.average, in_deficit: p.in_deficit,
                 scoreText: fixed2(api, p.average) };
      });
      trusts.push({ name: data.example, average: average, in_deficit: Boolean(values.in_deficit),
                    scoreText: fixed2(api, average) });
      var ranked = segments(trusts, values.in_improvement_programme ? data.example : null, data);
      var mine = ranked.filter(function (r) { return r.name === data.example; })[0];
      var yes = text.yes_no[0], no = text.yes_no[1];
      var rows = ranked.map(function (r) {
        return [(r.name === data.example ? text.this_trust : "") + r.name, r.scoreText,
                String(r.rank), String(r.quartile), r.in_deficit ? yes : no, String(r.segment)];
      });
      var chart = svgBars(api, data.metrics.map(function (m, i) { return [m, scores[i]]; }), {
        title: text.chart_title, valueLabel: text.value_label,
        format: function (v) { return v.toFixed(0); }, reference: average,
        referenceLabel: fill(text.reference_label, { average: mine.scoreText }),
      }, data.bar_colours);
      var headline = fill(text.headline, {
        trust: data.example, segment: mine.segment,
        reason: mine.reason.charAt(0).toUpperCase() + mine.reason.slice(1) });
      return '<p class="commlib-headline" style="border-left:6px solid ' +
        data.colours[String(mine.segment)] + ';padding-left:8px"><strong>' +
        api.escape(headline) + "</strong></p>" + chart +
        api.table(rows, text.headers, text.caption);
    },
  });
})();
