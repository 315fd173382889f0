/* Who may approve this decision? (commlib.widgets.browser_governance): the site twin of
 * governance.delegation_explorer. The value typed is checked as commlib.governance checks it
 * (a number, not negative, at most the exported maximum), then the band that covers it is
 * found as governance.who_may_approve finds it: above the band's lower limit (the first band
 * includes £0) up to and including its upper limit. The ladders, the bands in words, the table
 * rows and every sentence come from commlib. Proven equal to commlib by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  // Python's str.format for the named fields of commlib's sentences.
  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(fields, key) ? String(fields[key]) : whole;
    });
  }

  window.commlibBx.defineModule("delegation", {
    render: function (values, data, api) {
      var value = values.value_gbp, refusals = data.refusals, text = data.text;
      // governance._checked_pounds, in its order.
      if (typeof value !== "number" || !isFinite(value)) throw new api.Refusal(refusals.not_a_number);
      if (value < 0) throw new api.Refusal(refusals.negative);
      if (value > data.max_gbp) throw new api.Refusal(refusals.too_large);
      var decision = data.types[values.decision_type];
      var found = -1;
      for (var i = 0; i < decision.bands.length; i += 1) {
        var band = decision.bands[i];
        var aboveLower = value > band.lower || band.lower === 0;
        if (aboveLower && (band.upper === null || value <= band.upper)) { found = i; break; }
      }
      if (found < 0) throw new api.Refusal(decision.beyond_top);
      var approval = decision.bands[found];
      var headline = fill(text.headline, {
        decision_type: values.decision_type, value: api.fmt.money(value),
        approver: approval.approver, band: approval.band,
      });
      var rows = decision.rows.map(function (row, n) {
        var copy = row.slice();
        if (n === found) copy[0] = text.this_decision + copy[0];
        return copy;
      });
      var notes = approval.notes ? " " + api.escape(approval.notes) + "." : "";
      return '<p class="commlib-headline"><strong>' + api.escape(headline) + "</strong>" + notes +
        "</p>" + api.table(rows, text.headers, fill(text.caption,
          { decision_type: values.decision_type }));
    },
  });
})();
