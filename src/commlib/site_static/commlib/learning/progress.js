/* "Your progress" (book/progress.md): the sections read and the questions answered, by
 * chapter, from this browser's localStorage (kept by learning.js), with each page's estimated
 * learning time from pages.json (computed by commlib.learning at build time). Prints as a CPD
 * record. Nothing is sent anywhere. */
(function () {
  "use strict";

  var learning = window.commlibLearning;
  var box = document.getElementById("commlib-progress");
  if (!learning || !box) { return; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function dateLabel(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? parseInt(m[3], 10) + " " + MONTHS[parseInt(m[2], 10) - 1] + " " + m[1] : "";
  }

  function minutesLabel(minutes) {
    if (minutes < 60) { return minutes + (minutes === 1 ? " minute" : " minutes"); }
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h + (h === 1 ? " hour" : " hours") + (m ? " " + m + (m === 1 ? " minute" : " minutes") : "");
  }

  function cell(row, tag, text, attrs) { row.appendChild(el(tag, attrs, text)); }

  function render(pages) {
    var store = learning.read();
    box.textContent = "";
    var totals = { sections: 0, read: 0, minutes: 0, readMinutes: 0, questions: 0,
                   answered: 0, right: 0 };
    var chapters = pages.chapters.map(function (chapter) {
      var section = el("section", { "class": "commlib-progress-chapter" });
      var heading = (chapter.number ? chapter.number + ". " : "") + chapter.title;
      section.appendChild(el("h2", {}, heading));
      var table = el("table", { "class": "table commlib-progress-table" });
      table.appendChild(el("caption", {}, "Sections of " + chapter.title + " you have read, "
                                          + "and the questions you answered"));
      var head = el("tr");
      ["Section", "Estimated learning time", "Read on", "Questions answered", "Right",
       "Last answered"].forEach(function (h) { cell(head, "th", h, { scope: "col" }); });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var tbody = el("tbody");
      var answeredList = [];
      chapter.pages.forEach(function (page) {
        var readOn = store.read[page.page];
        var answered = 0, right = 0, last = "";
        page.questions.forEach(function (q) {
          var a = store.answers[q.id];
          if (!a) { return; }
          answered += 1;
          if (a.right) { right += 1; }
          if (a.date > last) { last = a.date; }
          answeredList.push({ page: page, question: q, answer: a });
        });
        totals.sections += 1; totals.minutes += page.minutes;
        totals.questions += page.questions.length; totals.answered += answered;
        totals.right += right;
        if (readOn) { totals.read += 1; totals.readMinutes += page.minutes; }
        var row = el("tr");
        var th = el("th", { scope: "row" });
        var link = el("a", { href: new URL(page.url, learning.ROOT).href },
                      (page.number ? page.number + ". " : "") + page.title);
        th.appendChild(link); row.appendChild(th);
        cell(row, "td", minutesLabel(page.minutes));
        cell(row, "td", readOn ? dateLabel(readOn) : "Not yet");
        cell(row, "td", answered + " of " + page.questions.length);
        cell(row, "td", String(right));
        cell(row, "td", last ? dateLabel(last) : "");
        tbody.appendChild(row);
      });
      table.appendChild(tbody);
      var wrap = el("div", { "class": "commlib-progress-scroll", tabindex: "0",
                             role: "region", "aria-label": "Progress in " + chapter.title });
      wrap.appendChild(table);
      section.appendChild(wrap);
      if (answeredList.length) {
        var details = el("details", { "class": "commlib-progress-answers", open: "" });
        details.appendChild(el("summary", {}, "Questions you answered in " + chapter.title));
        var list = el("ul");
        answeredList.forEach(function (item) {
          var li = el("li");
          li.appendChild(el("span", {}, item.question.prompt + " "));
          li.appendChild(el("strong", {}, item.answer.right ? "Right" : "Not right yet"));
          li.appendChild(el("span", {}, " (" + dateLabel(item.answer.date)
            + (item.answer.attempts > 1 ? ", " + item.answer.attempts + " tries" : "") + ")."));
          list.appendChild(li);
        });
        details.appendChild(list);
        section.appendChild(details);
      }
      return section;
    });

    var summary = el("div", { "class": "commlib-progress-summary" });
    summary.appendChild(el("h2", {}, "Summary"));
    var p = el("p", { "class": "commlib-progress-status" });
    p.textContent = "You have read " + totals.read + " of " + totals.sections + " sections ("
      + minutesLabel(totals.readMinutes) + " of an estimated " + minutesLabel(totals.minutes)
      + " of learning) and answered " + totals.answered + " of " + totals.questions
      + " questions, " + totals.right + " of them right. Record printed on "
      + dateLabel(learning.today()) + ".";
    summary.appendChild(p);
    summary.appendChild(el("p", {}, "Estimated learning time is each page's words at "
      + pages.words_per_minute + " words a minute, rounded up to the next minute; add the time "
      + "you spent on the exercises and explorers."));
    var actions = el("div", { "class": "commlib-progress-actions" });
    var printButton = el("button", { type: "button", "class": "commlib-progress-print" },
                         "Print your learning record");
    printButton.addEventListener("click", function () { window.print(); });
    var clearButton = el("button", { type: "button", "class": "commlib-progress-clear" },
                         "Clear your progress");
    clearButton.addEventListener("click", function () {
      if (window.confirm("Clear every section read and every answer kept in this browser? "
                         + "This cannot be undone.")) {
        learning.clear();
        render(pages);
        announce("Your progress has been cleared.");
        var again = box.querySelector(".commlib-progress-clear");
        if (again) { again.focus(); }
      }
    });
    actions.appendChild(printButton);
    actions.appendChild(clearButton);
    summary.appendChild(actions);
    box.appendChild(summary);
    chapters.forEach(function (section) { box.appendChild(section); });
  }

  var live = el("p", { "class": "commlib-progress-live", "aria-live": "polite" });
  box.parentNode.insertBefore(live, box.nextSibling);

  function announce(text) { live.textContent = text; }

  fetch(new URL("pages.json", learning.DATA).href)
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(render)
    .catch(function () {
      box.textContent = "";
      box.appendChild(el("p", { "class": "commlib-progress-status" },
        "The list of sections could not be loaded: open this page from the workbook's site."));
    });
}());
