/* A place of your own (commlib.widgets.custom_place): the site twin of custom_place_widget.
 * The reader picks practices from a list (found by name, code, PCN or local authority) or on
 * a map drawn from each practice's latitude and longitude, with no map tiles, so it works
 * offline; the codes go into the explorer's box, and the numbers are those of
 * commlib.places.custom_place: sums in table order, one value at a time; need against England;
 * the place's part of the national sum to the penny. The result downloads as CSV, and the
 * place lives in the page address (a reload keeps it, a link shares it). Proven equal to
 * commlib by tests/site/test_browser_explorers.py and tests/site/test_custom_place.py. */
(function () {
  "use strict";

  function codesOf(text) {
    return String(text).trim().toUpperCase().split(/[\s,;]+/).filter(function (c) { return c; });
  }

  function indexOf(part) {
    if (!part.index) {
      part.index = {};
      part.code.forEach(function (code, i) { part.index[code] = i; });
    }
    return part.index;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return values[key]; });
  }

  window.commlibBx.defineModule("custom-place", {
    render: function (values, data, api) {
      var fmt = api.fmt, x = values.national_sum_m, messages = data.messages;
      // allocations._check_national_sum_m, then places.custom_place, in that order.
      if (!(x > 0)) throw new api.Refusal(messages.zero);
      if (!(x <= data.national_sum_max_m)) throw new api.Refusal(messages.huge);
      var nationalSum = api.pyRound2(x * 1e6);
      if (nationalSum < 0.01) throw new api.Refusal(messages.tiny);
      var codes = codesOf(values.practice_codes);
      if (!codes.length) throw new api.Refusal(messages.empty);
      var part = api.need("custom-place--" + data.year_keys[values.year]);
      var index = indexOf(part);
      for (var k = 0; k < codes.length; k += 1) {
        if (!(codes[k] in index)) {
          throw new api.Refusal(fill(messages.unknown, { code: codes[k], year: values.year }));
        }
      }
      var totalPence = api.pyRound(nationalSum * 100);
      var wanted = {};
      codes.forEach(function (c) { wanted[c] = true; });
      var chosen = [];
      part.code.forEach(function (code, i) { if (wanted[code]) chosen.push(i); });
      var population = 0;
      chosen.forEach(function (i) { population += part.population[i]; });
      if (!(population > 0)) throw new api.Refusal(fill(messages.no_patients, { year: values.year }));
      var england = data.england[values.year];
      var rows = [], core = null;
      data.components.forEach(function (entry) {
        var c = entry[0], weighted = 0;
        chosen.forEach(function (i) { weighted += part.weighted[c][i]; });
        var englandWeighted = england[c];
        var exact = [weighted / englandWeighted * totalPence,
                     Math.max(englandWeighted - weighted, 0) / englandWeighted * totalPence];
        var share = Number(api.roundToTotalPence(exact, totalPence)[0]) / 100;
        var need = (weighted / population) / (englandWeighted / england.population);
        var perHead = share / population;
        if (c === "wp_core") core = { need: need, share: share, perHead: perHead };
        rows.push([entry[1], fmt.count(weighted), fmt.index(need), fmt.money(share, 2),
                   fmt.per_head(perHead)]);
      });
      var n = chosen.length;
      var headline = "Your place, " + values.year + ": " + fmt.count(n) + " GP " +
        (n === 1 ? "practice" : "practices") + ", " + fmt.people(population) +
        " registered patients. Core need index " + fmt.index(core.need) +
        " (England = 1); fair share " + fmt.money(core.share, 2) + " of " +
        fmt.money_m(nationalSum) + ", " + fmt.per_head(core.perHead) + ".";
      var table = api.table(rows, ["Need for", "Weighted population", "Need index (England = 1)",
        "Fair share of " + fmt.money_m(nationalSum), "Fair share per head"],
        "Your place's need and fair share, " + values.year);
      var practiceTable = api.table(chosen.map(function (i) {
        return [part.code[i], part.name[i], part.icb[i], part.population_text[i]];
      }), ["Code", "GP practice", "ICB", "Registered patients"],
        "The practices in your place, " + values.year);
      return '<p class="commlib-headline">' + api.escape(headline) + "</p>" + table +
        practiceTable;
    },

    // The tools to make the place: a search list, a map, a CSV download and a link.
    mount: function (explorer, data, api) {
      var prefix = explorer.root.querySelector("form").querySelector("[id]").id + "-picker";
      var box = document.createElement("div");
      box.className = "commlib-place-picker";
      box.innerHTML =
        '<label for="' + prefix + '-find">Find GP practices by name, code, PCN or local ' +
        'authority</label> <input type="search" id="' + prefix + '-find" autocomplete="off">' +
        '<p class="commlib-place-hint" id="' + prefix + '-hint">Tick a practice to add it to ' +
        "your place, or untick it to take it out; or click it on the map.</p>" +
        '<p class="commlib-place-found" aria-live="polite"></p>' +
        '<ul class="commlib-place-matches" aria-label="Practices found" aria-describedby="' +
        prefix + '-hint"></ul>' +
        '<p class="commlib-place-heading">In your place:</p>' +
        '<ul class="commlib-place-in" aria-label="Practices in your place"></ul>' +
        '<figure class="commlib-place-map"><svg role="img" xmlns="http://www.w3.org/2000/svg">' +
        "<title>Map of the GP practices</title></svg><figcaption></figcaption></figure>" +
        '<div class="commlib-place-actions"><button type="button" class="commlib-place-csv">' +
        'Download the result as CSV</button> <label for="' + prefix + '-link">Link to this ' +
        'place</label> <input type="text" readonly id="' + prefix + '-link" ' +
        'class="commlib-place-link"></div>' +
        '<p class="commlib-place-status" role="status" aria-live="polite"></p>';
      explorer.root.insertBefore(box, explorer.message);
      var state = { box: box, explorer: explorer, year: null };
      explorer.placePicker = state;
      var find = box.querySelector('input[type="search"]');
      find.addEventListener("input", function () { listMatches(state, find.value); });
      box.addEventListener("change", function (event) {
        if (event.target.dataset && event.target.dataset.code) {
          toggle(state, event.target.dataset.code, event.target.checked);
        }
      });
      box.querySelector("svg").addEventListener("click", function (event) {
        var code = event.target.getAttribute && event.target.getAttribute("data-code");
        if (code) toggle(state, code, !current(state)[code]);
      });
      box.querySelector(".commlib-place-csv").addEventListener("click", function () {
        download(state);
      });
    },

    after: function (explorer, values, data, api) {
      var state = explorer.placePicker;
      if (!state) return;
      var part = api.need("custom-place--" + data.year_keys[values.year]);
      if (state.year !== values.year) {
        state.year = values.year;
        state.part = part;
        drawMap(state, values.year);
      }
      markChosen(state);
      listMatches(state, state.box.querySelector('input[type="search"]').value);
      state.box.querySelector(".commlib-place-link").value = window.location.href;
    },
  });

  function current(state) {
    var found = {};
    codesOf(state.explorer.values().practice_codes).forEach(function (c) { found[c] = true; });
    return found;
  }

  function toggle(state, code, on) {
    var codes = codesOf(state.explorer.values().practice_codes).filter(function (c) {
      return c !== code;
    });
    if (on) codes.push(code);
    state.explorer.setValue("practice_codes", codes.join(", "));
    var name = state.part.name[state.part.index[code]];
    state.box.querySelector(".commlib-place-status").textContent =
      (on ? "Added " : "Took out ") + name + " (" + code + "): " + codes.length +
      (codes.length === 1 ? " practice" : " practices") + " in your place.";
  }

  function item(part, i, chosen) {
    var code = part.code[i];
    var detail = [part.pcn[i], part.la[i]].filter(function (t) { return t; }).join(", ");
    return '<li><label><input type="checkbox" data-code="' + code + '"' +
      (chosen[code] ? " checked" : "") + "> " + escapeText(part.name[i]) + " (" + code + ")" +
      (detail ? ", " + escapeText(detail) : "") + "</label></li>";
  }

  // Show the practices `indices` in `list`, keeping the items already there (moved, their box
  // ticked or not), so that a box the reader (or a keyboard) is on is never replaced.
  function fillList(list, indices, part, chosen) {
    var existing = {};
    Array.prototype.forEach.call(list.children, function (li) {
      var box = li.querySelector("input");
      if (box) existing[box.dataset.code] = li;
    });
    var items = indices.map(function (i) {
      var li = existing[part.code[i]];
      if (!li) {
        var holder = document.createElement("ul");
        holder.innerHTML = item(part, i, chosen);
        li = holder.firstChild;
      }
      li.querySelector("input").checked = !!chosen[part.code[i]];
      return li;
    });
    list.replaceChildren.apply(list, items);
  }

  // Two lists: the practices in the place, and those matching the search (in the table's
  // order, ticked when in the place), so that ticking one never moves it; focus stays on
  // the box the reader ticked.
  function listMatches(state, query) {
    var part = state.part;
    if (!part) return;
    var focused = document.activeElement && document.activeElement.dataset &&
      state.box.contains(document.activeElement) ? document.activeElement : null;
    var focusCode = focused && focused.dataset.code;
    var focusList = focused && focused.closest("ul") && focused.closest("ul").className;
    var chosen = current(state), words = query.trim().toUpperCase();
    var inPlace = [], matches = [];
    part.code.forEach(function (code, i) { if (chosen[code]) inPlace.push(i); });
    if (words.length >= 2) {
      for (var i = 0; i < part.code.length && matches.length < 40; i += 1) {
        var text = (part.code[i] + " " + part.name[i] + " " + part.pcn[i] + " " + part.la[i])
          .toUpperCase();
        if (text.indexOf(words) >= 0) matches.push(i);
      }
    }
    fillList(state.box.querySelector(".commlib-place-in"), inPlace, part, chosen);
    fillList(state.box.querySelector(".commlib-place-matches"), matches, part, chosen);
    state.box.querySelector(".commlib-place-found").textContent = words.length >= 2
      ? matches.length + (matches.length === 40 ? " or more" : "") + " practices match \u201c" +
        query.trim() + "\u201d."
      : "Type two letters or more to find practices.";
    if (focusCode) {
      var again = state.box.querySelector("ul." + focusList.split(" ")[0] +
        ' input[data-code="' + focusCode + '"]');
      if (again) again.focus();
    }
  }

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  // Longitude and latitude drawn as x and y, longitude narrowed by cos(latitude): England's
  // shape, with no map tiles.
  function drawMap(state, year) {
    var part = state.part, svg = state.box.querySelector("svg");
    var lats = part.lat.filter(function (v) { return v !== null; });
    var lons = part.lon.filter(function (v) { return v !== null; });
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    var squeeze = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
    var scale = 600 / ((maxLon - minLon) * squeeze);
    var width = 600, height = Math.round((maxLat - minLat) * scale) + 10;
    svg.setAttribute("viewBox", "-5 -5 " + (width + 10) + " " + height);
    var dots = [];
    part.code.forEach(function (code, i) {
      if (part.lat[i] === null) return;
      var x = ((part.lon[i] - minLon) * squeeze * scale).toFixed(1);
      var y = ((maxLat - part.lat[i]) * scale).toFixed(1);
      dots.push('<circle cx="' + x + '" cy="' + y + '" r="2.2" data-code="' + code + '"><title>' +
        escapeText(part.name[i]) + " (" + code + ")</title></circle>");
    });
    svg.innerHTML = "<title>Map of the GP practices of " + year + ": your place's practices " +
      "are the larger, darker dots</title>" + dots.join("");
    state.box.querySelector("figcaption").textContent = "The " + dots.length +
      " GP practices of " + year + ", placed by latitude and longitude (no map tiles). Click a " +
      "practice to add it to your place or take it out; the list above does the same from " +
      "the keyboard.";
  }

  function markChosen(state) {
    var chosen = current(state);
    Array.prototype.forEach.call(state.box.querySelectorAll("circle"), function (dot) {
      dot.classList.toggle("commlib-place-chosen", !!chosen[dot.getAttribute("data-code")]);
    });
  }

  function csvCell(text) {
    var value = String(text);
    return /[",\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function download(state) {
    var lines = [];
    Array.prototype.forEach.call(state.explorer.result.querySelectorAll("table"), function (t) {
      lines.push(csvCell(t.caption ? t.caption.textContent : ""));
      Array.prototype.forEach.call(t.rows, function (row) {
        lines.push(Array.prototype.map.call(row.cells, function (cell) {
          return csvCell(cell.textContent);
        }).join(","));
      });
      lines.push("");
    });
    var blob = new Blob([lines.join("\r\n")], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "your-place-" + String(state.year).replace("/", "-") + ".csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    state.box.querySelector(".commlib-place-status").textContent =
      "The result was downloaded as " + link.download + ".";
  }
})();
