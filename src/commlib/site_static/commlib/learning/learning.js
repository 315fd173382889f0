/* Learn and prove it (added by commlib.learning; nothing is sent anywhere).
 *
 * - Self-check questions (form.commlib-q): Check shows the feedback of the chosen option, or
 *   of the typed number, in a polite live region; answers are kept in localStorage.
 * - Reading: a page of a chapter counts as read when its end (the review line, else the end
 *   of the article) comes into view; the date is kept in localStorage.
 * - The glossary at the pointer: every glossary term link shows the term's definition in a
 *   tooltip on hover and on keyboard focus (WCAG 1.4.13: Escape hides it without moving focus;
 *   the pointer may move onto it; it stays until dismissed or pointer and focus leave).
 *
 * The store (window.commlibLearning) is shared with progress.js. */
(function () {
  "use strict";

  var KEY = "commlib-learning";
  var script = document.currentScript;
  var ROOT = new URL("../../../", script ? script.src : window.location.href);
  var DATA = new URL("data/", script ? script.src : window.location.href);

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function read() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      value.read = value.read || {};
      value.answers = value.answers || {};
      return value;
    } catch (e) {
      return { read: {}, answers: {} };
    }
  }

  function write(value) {
    try { window.localStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* full/off */ }
  }

  function clear() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
  }

  function recordAnswer(qid, page, right) {
    var store = read();
    var old = store.answers[qid] || { attempts: 0 };
    store.answers[qid] = {
      page: page, right: right, date: today(), attempts: (old.attempts || 0) + 1,
      first: old.first || today(), everRight: !!(old.everRight || right)
    };
    write(store);
  }

  function recordRead(page) {
    var store = read();
    if (!store.read[page]) {
      store.read[page] = today();
      write(store);
    }
  }

  window.commlibLearning = {
    KEY: KEY, ROOT: ROOT, DATA: DATA, read: read, write: write, clear: clear, today: today
  };

  /* ------------------------------------------------------------------ questions */

  function parseNumber(text) {
    var cleaned = String(text).replace(/[£,\s]/g, "").replace(/[−–]/g, "-");
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) { return NaN; }
    return parseFloat(cleaned);
  }

  function setupQuestion(form) {
    var feedback = form.querySelector(".commlib-q-feedback");
    var reveal = form.querySelector(".commlib-q-reveal");
    var answer = form.querySelector(".commlib-q-answer");
    var qid = form.dataset.q;
    var page = form.dataset.page;

    function say(text, state) {
      feedback.textContent = text;
      feedback.dataset.state = state;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var right;
      if (form.dataset.kind === "choice") {
        var chosen = form.querySelector('input[type="radio"]:checked');
        if (!chosen) { say("Choose an answer first, then press Check.", "empty"); return; }
        right = chosen.dataset.correct === "true";
        say((right ? "Right. " : "Not right. ") + chosen.dataset.feedback
            + (right ? "" : " Try another answer."), right ? "right" : "wrong");
      } else {
        var box = form.querySelector('input[type="text"]');
        var value = parseNumber(box.value);
        if (isNaN(value)) {
          say("Type a number (for example 1234.5), then press Check.", "empty");
          return;
        }
        var target = parseFloat(box.dataset.answer);
        var tolerance = parseFloat(box.dataset.tolerance);
        right = Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target));
        say((right ? "Right. " + box.dataset.right
                   : "Not right. " + box.dataset.wrong + " Try again."),
            right ? "right" : "wrong");
      }
      recordAnswer(qid, page, right);
      if (reveal) { reveal.hidden = right; }
      if (right && answer) { answer.hidden = true; }
    });

    if (reveal && answer) {
      reveal.addEventListener("click", function () {
        answer.hidden = false;
        reveal.hidden = true;
        say("The answer is shown below.", "answer");
      });
    }
  }

  function setupQuestions() {
    document.querySelectorAll("form.commlib-q").forEach(setupQuestion);
    var progress = new URL("book/progress.html", ROOT).href;
    document.querySelectorAll("a.commlib-progress-link").forEach(function (link) {
      link.href = progress;
    });
  }

  /* ------------------------------------------------------------------ reading */

  function setupReading() {
    var meta = document.querySelector('meta[name="commlib-chapter-page"]');
    var page = meta ? meta.getAttribute("content") : "";
    var article = document.querySelector("article.bd-article") || document.querySelector("main");
    if (!page || !article) { return; }
    var end = article.querySelector("p.commlib-reviewed") || article.lastElementChild;
    if (!end) { return; }
    if (!("IntersectionObserver" in window)) { return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          recordRead(page);
          observer.disconnect();
        }
      });
    });
    observer.observe(end);
  }

  /* ------------------------------------------------------------------ glossary tooltips */

  var glossary = null;
  var glossaryLoading = null;
  var tip = null;
  var current = null;
  var hideTimer = null;
  var overLink = false;
  var overTip = false;

  function loadGlossary() {
    if (!glossaryLoading) {
      glossaryLoading = fetch(new URL("glossary.json", DATA).href)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; })
        .then(function (value) { glossary = value; return value; });
    }
    return glossaryLoading;
  }

  function anchorOf(link) {
    var href = link.getAttribute("href") || "";
    var hash = href.indexOf("#");
    return hash >= 0 ? decodeURIComponent(href.slice(hash + 1)) : "";
  }

  function tipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "commlib-glossary-tip";
      tip.className = "commlib-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { overTip = true; cancelHide(); });
      tip.addEventListener("mouseleave", function () { overTip = false; hideSoon(); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var el = tipElement();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    el.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    el.style.left = left + "px";
    el.style.top = (box.bottom + window.scrollY + 6) + "px";
    var tipBox = el.getBoundingClientRect();
    if (tipBox.bottom > window.innerHeight && box.top > tipBox.height + 12) {
      el.style.top = (box.top + window.scrollY - tipBox.height - 6) + "px";
    }
  }

  function show(link) {
    cancelHide();
    loadGlossary().then(function (data) {
      var entry = data[anchorOf(link)];
      if (!entry) { return; }
      if (current && current !== link) { hide(); }
      var el = tipElement();
      el.textContent = "";
      var term = document.createElement("strong");
      term.textContent = entry.term;
      el.appendChild(term);
      var expansion = entry.expansion && entry.expansion !== entry.term
        ? " (" + entry.expansion + ")" : "";
      el.appendChild(document.createTextNode(expansion + ": " + entry.meaning));
      el.hidden = false;
      current = link;
      link.setAttribute("aria-describedby", el.id);
      place(link);
    });
  }

  function hide() {
    cancelHide();
    if (tip) { tip.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
    overTip = false;
  }

  function cancelHide() {
    if (hideTimer) { window.clearTimeout(hideTimer); hideTimer = null; }
  }

  function hideSoon() {
    cancelHide();
    hideTimer = window.setTimeout(function () {
      if (!overLink && !overTip && !(current && current === document.activeElement)) { hide(); }
    }, 300);
  }

  function setupGlossary() {
    var links = Array.prototype.filter.call(
      document.querySelectorAll("a.reference"),
      function (a) { return a.querySelector(".std-term") && anchorOf(a).indexOf("term-") === 0; });
    if (!links.length) { return; }
    loadGlossary();
    links.forEach(function (link) {
      link.classList.add("commlib-term");
      link.addEventListener("mouseenter", function () { overLink = true; show(link); });
      link.addEventListener("mouseleave", function () { overLink = false; hideSoon(); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", function () {
        if (current === link && !overTip && !overLink) { hide(); }
      });
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && tip && !tip.hidden) {
        hide();
      }
    });
    window.addEventListener("resize", function () { if (current) { place(current); } });
  }

  function start() {
    setupQuestions();
    setupReading();
    setupGlossary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
