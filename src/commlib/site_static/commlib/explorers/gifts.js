/* Gift or hospitality: accept, declare or refuse? (commlib.widgets.browser_governance): the
 * site twin of governance.gifts_explorer. The value typed is checked as commlib.governance
 * checks it, then the rules of data/gifts_hospitality_rules.csv that apply to the offer are
 * tried lowest band first, as governance.gift_or_hospitality tries them: a band runs from its
 * lower limit up to (and, where the table says so, including) its upper limit; senior approval
 * changes only a rule that allows it. The rules, their reasons and every sentence come from
 * commlib. Proven equal to commlib by tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(fields, key) ? String(fields[key]) : whole;
    });
  }

  window.commlibBx.defineModule("gifts", {
    render: function (values, data, api) {
      var value = values.value_gbp, refusals = data.refusals, text = data.text, fmt = api.fmt;
      if (typeof value !== "number" || !isFinite(value)) throw new api.Refusal(refusals.not_a_number);
      if (value < 0) throw new api.Refusal(refusals.negative);
      if (value > data.max_gbp) throw new api.Refusal(refusals.too_large);
      var offer = data.offers[values.offer], outcome = null, reason = "";
      for (var i = 0; i < offer.rules.length; i += 1) {
        var rule = offer.rules[i];
        var inBand = value >= rule.lower && (rule.upper === null || value < rule.upper ||
          (rule.upper_included && value === rule.upper));
        if (inBand) {
          outcome = rule.outcome;
          reason = rule.reason;
          if (values.senior_approval && rule.with_approval !== null) {
            outcome = rule.with_approval;
            reason += " " + data.approval_given;
          } else if (values.senior_approval) {
            reason += " " + data.approval_not_needed;
          }
          break;
        }
      }
      if (outcome === null) {
        throw new api.Refusal(fill(data.uncovered, {
          kind: offer.kind, value: fmt.money(value, 2), offeror: offer.offeror_text }));
      }
      var decision = data.outcomes[outcome];
      var yes = text.yes_no[0], no = text.yes_no[1];
      var rows = [
        [text.questions[0], decision.may_accept ? yes : no],
        [text.questions[1], decision.must_declare ? yes : no],
        [text.questions[2], reason],
      ];
      // widgets.governance._offer_value: whole pounds, or pence when there are any.
      var shown = fmt.money(value, Number.isInteger(value) ? 0 : 2);
      return '<p class="commlib-headline" style="border-left:6px solid ' + decision.colour +
        ';padding-left:8px"><strong>' + api.escape(decision.summary) + "</strong></p>" +
        api.table(rows, text.headers, fill(text.caption, { offer: values.offer, value: shown }));
    },
  });
})();
