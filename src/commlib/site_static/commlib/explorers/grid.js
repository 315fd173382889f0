/* Precomputed twins (commlib.widgets.browser.grid_twin): every setting of an explorer whose
 * controls are all finite was rendered by the live widget itself when the site was built;
 * this module only finds the setting. Its key is each control's choice in order (the option,
 * the tick, or the slider's step from its minimum), as browser.grid_key writes it. */
(function () {
  "use strict";

  function choice(control, value) {
    if (control.kind === "select" || control.kind === "radio") {
      for (var i = 0; i < control.options.length; i += 1) {
        if (String(control.options[i][1]) === String(value)) return i;
      }
      return -1;
    }
    if (control.kind === "checkbox") return value ? 1 : 0;
    return Math.round((value - control.min) / control.step);
  }

  window.commlibBx.defineModule("grid", {
    render: function (values, data, api, controls) {
      var key = controls.map(function (c) { return choice(c, values[c.name]); }).join("|");
      var found = data.results[key];
      if (!found) throw new Error("no precomputed result for the setting " + key);
      if (found.error) throw new api.Refusal(found.error);
      return found.html;
    },
  });
})();
