/* Who commissions this service? (commlib.widgets.browser_misc): the site twin of
 * who_commissions.live_explorer. Every service's result was rendered by the live widget when
 * the site was built; this module only finds the service as who_commissions.find_service does:
 * the typed text's runs of whitespace (Python's str.split) become one space, it is case-folded
 * (Python's str.casefold, from the exported table), and the first service whose folded name
 * equals it, else contains it, is shown; a blank search shows the service picked from the list.
 * The refusal sentences come from commlib. Proven equal to commlib by
 * tests/site/test_browser_explorers.py. */
(function () {
  "use strict";

  function words(text, space) {
    var out = [], word = "";
    for (var ch of text) {
      if (space.indexOf(ch) >= 0) {
        if (word) out.push(word);
        word = "";
      } else {
        word += ch;
      }
    }
    if (word) out.push(word);
    return out.join(" ");
  }

  function casefold(text, table) {
    var out = "";
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(table, ch) ? table[ch] : ch;
    return out;
  }

  function find(text, data, api) {
    var wanted = casefold(words(text, data.whitespace), data.casefold);
    if (!wanted) throw new api.Refusal(data.blank);
    var folded = data.names.map(function (n) { return casefold(n, data.casefold); });
    var i = folded.indexOf(wanted);
    if (i < 0) i = folded.findIndex(function (n) { return n.indexOf(wanted) >= 0; });
    if (i < 0) throw new api.Refusal(data.no_match.replace("{text}", function () { return text; }));
    return data.names[i];
  }

  window.commlibBx.defineModule("service-finder", {
    render: function (values, data, api) {
      var search = String(values.search || "");
      var name = words(search, data.whitespace) ? find(search, data, api)
        : find(String(values.service), data, api);
      return data.html[name];
    },
  });
})();
