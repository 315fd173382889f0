"""Sphinx extension: learn and prove it, in the browser, with nothing sent anywhere.

* **Self-check questions.** Each page's questions (:mod:`commlib.questions`, from
  ``data/questions_*.yaml``) are put into the page as a section "Check your understanding",
  before its "Summary" (or at the end of the article): a ``fieldset`` of radio buttons, or a
  labelled number box, with a Check button and feedback announced politely (``aria-live``).
  The section is added when the page is read (``doctree-read``), so it is numbered and listed
  in the page's contents like any other; a change to a question file makes those pages be
  read again.
* **The glossary at the pointer.** ``learning/learning.js`` (on every page with a glossary
  term link, a question or a chapter page) shows a term's definition in a tooltip on hover and
  on keyboard focus (WCAG 1.4.13: Escape hides it without moving focus, the pointer may move
  onto it, it stays until dismissed or the pointer and focus leave), from
  ``_static/commlib/learning/glossary.json``, which this extension writes from
  :func:`commlib.glossary.load_glossary` and the glossary's anchors.
* **Progress and a CPD record.** The same script marks a page as read when the reader reaches
  its end and keeps each question's answers (right or not, with the date) in ``localStorage``;
  the page with the ``{learning-progress}`` directive (``book/progress.md``) draws them by
  chapter with ``learning/progress.js``, from ``_static/commlib/learning/pages.json`` (every
  chapter page, its title, number, words and estimated learning time, computed here at build
  time with :func:`commlib.questions.reading_minutes`, and its questions).
* ``{learning-tested-with}`` lists the versions of the accessibility tools (axe-core from
  ``package-lock.json``, Playwright and pytest from ``uv.lock``, the Chromium the tests run) for
  the accessibility statement.

Kept separate from :mod:`commlib.site`; nothing is fetched from another host.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from commlib import questions as question_data

LOGGER = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
STATIC = HERE / "site_static" / "commlib" / "learning"
OUT = ("_static", "commlib", "learning")
SECTION_TITLE = "Check your understanding"
QUESTIONS_MARKER = 'class="commlib-questions"'
PROGRESS_MARKER = 'class="commlib-progress"'
TERM_MARKER = 'std std-term'
CHROMIUM = "/usr/bin/chromium"
_WORD = re.compile(r"[A-Za-z0-9£][\w'’£.,%-]*")


# ------------------------------------------------------------------------- questions, as HTML

def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def question_html(question: dict, number: int) -> str:
    """One question as a form: a fieldset with a legend, radio buttons or a labelled number box,
    a Check button, a live feedback line and the answer (hidden; printed in a facilitator's
    copy)."""
    qid = question["id"]
    base = f"commlib-q-{qid}"
    legend = (f'<legend><span class="commlib-q-number">Question {number}.</span> '
              f"{html.escape(question['prompt'])}</legend>")
    if question["kind"] == "choice":
        rows = []
        for i, option in enumerate(question["options"], 1):
            correct = ' data-correct="true"' if option["correct"] else ""
            rows.append(
                f'<div class="commlib-q-option"><input type="radio" name="{base}" '
                f'id="{base}-{i}" value="{i}" data-feedback="{_attr(option["feedback"])}"'
                f'{correct}><label for="{base}-{i}">{html.escape(option["text"])}</label></div>')
        controls = "".join(rows)
        answer = question["answer"]
    else:
        units = html.escape(question["units"])
        controls = (
            f'<div class="commlib-q-number-box"><label for="{base}-value">Your answer, in '
            f'{units}</label><input type="text" inputmode="decimal" autocomplete="off" '
            f'id="{base}-value" name="{base}" data-answer="{question["value"]!r}" '
            f'data-tolerance="{question["tolerance"]!r}" '
            f'data-right="{_attr(question["feedback"]["right"])}" '
            f'data-wrong="{_attr(question["feedback"]["wrong"])}"></div>')
        answer = f"{question['answer_text']} ({question['units']})"
    return (
        f'<form class="commlib-q" id="{base}" data-q="{_attr(qid)}" '
        f'data-kind="{question["kind"]}" data-page="{_attr(question["page"])}">'
        f'<fieldset>{legend}{controls}</fieldset>'
        '<div class="commlib-q-actions"><button type="submit" class="commlib-q-check">Check'
        '</button><button type="button" class="commlib-q-reveal" hidden>Show the answer'
        '</button></div>'
        '<p class="commlib-q-feedback" aria-live="polite"></p>'
        f'<div class="commlib-q-answer" hidden><p><strong>Answer:</strong> '
        f'{html.escape(answer)}. {html.escape(question["explanation"])}</p></div></form>'
    )


def questions_html(page: str, page_questions: list[dict]) -> str:
    items = "".join(question_html(q, n) for n, q in enumerate(page_questions, 1))
    return (
        f'<div class="commlib-questions" data-page="{_attr(page)}">'
        "<p>Answer these to check what you have read. Your answers stay in this browser "
        '(see <a class="commlib-progress-link" href="#">your progress</a>); nothing is sent '
        "anywhere.</p>"
        f"{items}<noscript><p>The Check buttons need JavaScript; the answers are in the "
        "facilitator's copy of the handout.</p></noscript></div>"
    )


# ------------------------------------------------------------------------------ build hooks

def _questions_hash() -> str:
    digest = hashlib.sha256()
    for path in question_data.files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_questions(app: Any) -> None:
    try:
        items = question_data.load_all()
    except ValueError as error:
        LOGGER.warning("self-check questions not added: %s", error)
        items = []
    by_page: dict[str, list[dict]] = {}
    for item in items:
        by_page.setdefault(item["page"], []).append(item)
    app.commlib_questions = by_page


def _outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Pages with questions are read again when a question file changes."""
    digest = _questions_hash()
    if getattr(env, "commlib_questions_hash", None) == digest:
        return []
    env.commlib_questions_hash = digest
    pages = {p for pages in question_data.chapter_pages().values() for p in pages}
    return sorted(p for p in pages if p in env.found_docs)


def _words(doctree: Any) -> int:
    """Words a reader reads on the page: text outside code, raw HTML and comments."""
    count = 0
    for node in doctree.findall(nodes.Text):
        if any(isinstance(parent, (nodes.literal_block, nodes.raw, nodes.comment,
                                   nodes.system_message))
               for parent in _parents(node)):
            continue
        count += len(_WORD.findall(node.astext()))
    return count


def _parents(node: Any):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _summary_index(section: Any) -> int:
    children = list(section.children)
    for i, child in enumerate(children):
        if isinstance(child, nodes.section) and child.children \
                and child[0].astext().strip().casefold() == "summary":
            return i
    return len(children)


def _doctree_read(app: Any, doctree: Any) -> None:
    docname = app.env.docname
    if not hasattr(app.env, "commlib_words"):
        app.env.commlib_words = {}
    app.env.commlib_words[docname] = _words(doctree)
    page_questions = getattr(app, "commlib_questions", {}).get(docname)
    if not page_questions:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = nodes.section()
    section["names"].append(nodes.fully_normalize_name(SECTION_TITLE))
    section += nodes.title("", SECTION_TITLE)
    section += nodes.raw("", questions_html(docname, page_questions), format="html")
    doctree.note_implicit_target(section, section)
    top.insert(_summary_index(top), section)


def _purge(app: Any, env: Any, docname: str) -> None:
    getattr(env, "commlib_words", {}).pop(docname, None)


def _merge(app: Any, env: Any, docnames: set, other: Any) -> None:
    env.commlib_words = getattr(env, "commlib_words", {})
    for docname in docnames:
        if docname in getattr(other, "commlib_words", {}):
            env.commlib_words[docname] = other.commlib_words[docname]


@functools.cache
def _chapter_pages() -> frozenset[str]:
    return frozenset(p for pages in question_data.chapter_pages().values() for p in pages)


def _page_context(app: Any, pagename: str, templatename: str, context: dict,
                  doctree: Any) -> None:
    body = context.get("body", "") or ""
    if pagename in _chapter_pages():
        context["metatags"] = (context.get("metatags", "") + "\n<meta "
                               f'name="commlib-chapter-page" content="{_attr(pagename)}">')
    if (TERM_MARKER in body or QUESTIONS_MARKER in body or PROGRESS_MARKER in body
            or pagename in _chapter_pages()):
        app.add_js_file("commlib/learning/learning.js", priority=410, defer="defer")
        app.add_css_file("commlib/learning/learning.css", priority=410)
    if PROGRESS_MARKER in body:
        app.add_js_file("commlib/learning/progress.js", priority=411, defer="defer")


def _title(env: Any, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _number(env: Any, docname: str) -> str:
    numbers = env.toc_secnumbers.get(docname, {}).get("")
    return ".".join(str(n) for n in numbers) if numbers else ""


def pages_data(app: Any) -> dict:
    """Every chapter and its pages: title, number, address, words, estimated learning time in
    minutes, and questions (id, kind, prompt)."""
    env = app.env
    words = getattr(env, "commlib_words", {})
    by_page = getattr(app, "commlib_questions", {})
    chapters = []
    for chapter, pages in question_data.chapter_pages().items():
        entries = []
        for page in pages:
            if page not in env.found_docs:
                continue
            count = int(words.get(page, 0))
            entries.append({
                "page": page, "title": _title(env, page), "number": _number(env, page),
                "url": app.builder.get_target_uri(page), "words": count,
                "minutes": question_data.reading_minutes(count),
                "questions": [{"id": q["id"], "kind": q["kind"], "prompt": q["prompt"]}
                              for q in by_page.get(page, [])],
            })
        chapters.append({"chapter": chapter, "title": _title(env, chapter),
                         "number": _number(env, chapter), "pages": entries})
    return {"words_per_minute": question_data.WORDS_PER_MINUTE, "chapters": chapters}


def glossary_data(app: Any) -> dict:
    """Glossary anchor (``term-ICB``) -> term, expansion and meaning, from the glossary tables
    and the anchors Sphinx gave the terms of ``book/glossary``."""
    from commlib.glossary import load_glossary

    table = load_glossary()
    rows = {str(t).strip().casefold(): r for t, r in zip(table["term"], table.to_dict("records"),
                                                         strict=True)}
    std = app.env.get_domain("std")
    found = {}
    for (kind, name), (_docname, anchor) in getattr(std, "objects", {}).items():
        if kind != "term":
            continue
        row = rows.get(str(name).strip().casefold())
        if row is None:
            continue
        found[anchor] = {"term": row["term"], "expansion": row["expansion"],
                         "meaning": row["meaning"]}
    return found


def _build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir).joinpath(*OUT)
    # Sphinx does not overwrite a static file already in the build: copied again, so that a
    # rebuild never serves an old script.
    shutil.copytree(STATIC, out, dirs_exist_ok=True)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for name, content in (("glossary.json", glossary_data(app)), ("pages.json", pages_data(app))):
        (out / "data" / name).write_text(json.dumps(content, ensure_ascii=False, sort_keys=True),
                                         encoding="utf-8")


# ------------------------------------------------------------------------------- directives

class LearningProgress(SphinxDirective):
    """``{learning-progress}``: the reader's progress, drawn by ``learning/progress.js``."""

    has_content = False

    def run(self) -> list[Any]:
        markup = (
            '<div class="commlib-progress" id="commlib-progress">'
            '<p class="commlib-progress-status">Your progress is loading.</p>'
            "<noscript><p>Your progress is kept by your browser and shown here with "
            "JavaScript, which is turned off.</p></noscript></div>")
        return [nodes.raw("", markup, format="html")]


def tool_versions(root: Path) -> list[tuple[str, str]]:
    """(tool, version) for the accessibility tests: axe-core (``package-lock.json``),
    Playwright and pytest (``uv.lock``), and the Chromium at :data:`CHROMIUM`."""
    found = []
    lock = root / "package-lock.json"
    if lock.is_file():
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
        for name in ("axe-core",):
            version = packages.get(f"node_modules/{name}", {}).get("version")
            if version:
                found.append((name, version))
    uv_lock = root / "uv.lock"
    if uv_lock.is_file():
        text = uv_lock.read_text(encoding="utf-8")
        for name in ("playwright", "pytest"):
            match = re.search(rf'\[\[package\]\]\nname = "{name}"\nversion = "([^"]+)"', text)
            if match:
                found.append((f"{name} (Python)", match.group(1)))
    if Path(CHROMIUM).exists():
        try:
            result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                    timeout=20, check=False)
            match = re.search(r"(\d+(?:\.\d+)+)", result.stdout)
            if match:
                found.append(("Chromium (Debian)", match.group(1)))
        except (OSError, subprocess.SubprocessError):
            pass
    return found


class LearningTestedWith(SphinxDirective):
    """``{learning-tested-with}``: a list of the accessibility tools and their versions."""

    has_content = False

    def run(self) -> list[Any]:
        items = nodes.bullet_list()
        for tool, version in tool_versions(Path(self.env.srcdir)):
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{tool} {version}")
            items += item
        return [items]


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _load_questions)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _doctree_read, priority=400)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _page_context)
    # Before commlib.site's (which exports the explorers): a failure there must not leave the
    # site without its learning data.
    app.connect("build-finished", _build_finished, priority=400)
    app.add_directive("learning-progress", LearningProgress)
    app.add_directive("learning-tested-with", LearningTestedWith)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
