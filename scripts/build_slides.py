"""Build one offline reveal.js slide deck per chapter (``make slides``).

The decks are generated from the chapter notebooks themselves, so slides and book never drift:

* every page of a chapter (its index and sections, in ``_toc.yml`` order) contributes its
  markdown and its stored outputs (figures, tables); code is never shown;
* a level-1 or level-2 heading starts a new slide;
* MyST roles are resolved to plain text: glued numbers (``{glue:text}``) take the value stored
  in the notebook, glossary terms keep their text, citations become "(Author year)";
* admonitions become quotes with a bold title, exercises stay on the slides, and solutions move
  to the speaker notes (press ``S`` in the deck);
* live ipywidgets need a kernel, so each is replaced by a pointer to the explorer app
  (``make app``); kernel-free explorers and figures are drawn by plotly.js in the deck.

Nothing is fetched from a CDN: reveal.js is copied from ``node_modules/reveal.js``, plotly.js
is the site's own partial bundle (``commlib.site.PLOTLY_BUNDLE``, built by
``make node_modules``) and the figure loader comes from ``commlib/site_static``, all beside the
decks. The nbconvert reveal template is extended so that require.js, jQuery, MathJax,
mermaid and the widget manager (all CDN URLs by default) are left out.

Usage: ``python scripts/build_slides.py [--out _build/slides] [--toc _toc.yml] [CHAPTER ...]``
where CHAPTER is a chapter folder name such as ``04-funding-flows`` (default: all).
"""

from __future__ import annotations

import argparse
import ast
import html
import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert.exporters import SlidesExporter

from commlib import toc
from commlib.site import PLOTLY_BUNDLE

ROOT = Path(__file__).resolve().parents[1]
REVEAL_DIR = ROOT / "node_modules" / "reveal.js"
SITE_STATIC = ROOT / "src" / "commlib" / "site_static" / "commlib"
PLOTLY_JS = ROOT / PLOTLY_BUNDLE  # the same plotly.js as the site
CHAPTER_FILE = re.compile(r"^book/(\d\d-[a-z0-9-]+)/index$")
GLUE_PREFIX = "application/papermill.record/"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
APP_POINTER = (
    "> **Live explorer.** This widget needs Python: show it in the funding explorer app "
    "(`make app`) or in JupyterLab."
)

# The deck template: nbconvert's reveal template without any CDN (no require.js, jQuery,
# MathJax, mermaid or widget manager), with reveal.js, plotly.js and the figure loader local.
TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<link rel="stylesheet" href="commlib/commlib.css">
<style type="text/css">
.reveal .slides > section, .reveal .slides > section > section {
  height: 100%; overflow-y: auto !important; text-align: left;
}
.reveal { font-size: 24px; }
/* The theme's stylesheet comes later in the page: these rules are more specific. */
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { text-transform: none; }
.reveal h1 { font-size: 1.8em; } .reveal h2 { font-size: 1.4em; } .reveal h3 { font-size: 1.15em; }
.reveal table { font-size: 0.75em; }
.reveal .slides blockquote { width: auto; margin: 0.6em 0; padding: 0.2em 0.8em; text-align: left;
  box-shadow: none; border-left: 4px solid #0072B2; background: #f5f8fb; }
.reveal .slides blockquote, .reveal .slides blockquote * { font-style: normal; }
.reveal .commlib-plotly { min-height: 420px; }
.reveal .commlib-data { font-size: 0.6em; }
.commlib-deck-footer { font-size: 0.6em; opacity: 0.8; }
</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script src="vendor/plotly/plotly.min.js"></script>
<script src="commlib/plotly-loader.js"></script>
<script src="{{ reveal_url_prefix }}/dist/reveal.js"></script>
<script src="{{ reveal_url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, history: true, center: false,
  transition: "{{ reveal_transition }}", slideNumber: "c/t",
  width: {{ reveal_width }}, height: {{ reveal_height }},
  plugins: [RevealNotes]
});
// Figures drawn while their slide was hidden get their size when the slide is shown.
Reveal.on("slidechanged", function (event) {
  event.currentSlide.querySelectorAll("div.commlib-plotly[data-rendered]").forEach(
    function (div) { Plotly.Plots.resize(div); });
});
</script>
{% endblock footer_js %}
"""


# --------------------------------------------------------------------------------------------
# Chapters and pages
# --------------------------------------------------------------------------------------------

def chapters_from_toc(toc_path: Path, only: list[str] | tuple[str, ...] = ()
                      ) -> list[tuple[str, list[str]]]:
    """(chapter folder, [page docnames in order]) for every chapter this tool makes (or only
    those named); ``ValueError`` for a name that is not a chapter."""
    return toc.chapters(toc_path, CHAPTER_FILE, only)


def read_page(root: Path, docname: str) -> nbformat.NotebookNode | None:
    """The page as a notebook (``.ipynb`` as stored, ``.md`` through jupytext), or None."""
    ipynb = root / f"{docname}.ipynb"
    if ipynb.is_file():
        return nbformat.read(ipynb, as_version=4)
    md = root / f"{docname}.md"
    if md.is_file():
        import jupytext

        return jupytext.read(md, fmt="md:myst")
    return None


def glue_values(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """Glued outputs by name (their mime bundle without the glue prefix)."""
    values: dict[str, dict] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = len(meta.get("mime_prefix", ""))
            values[meta["name"]] = {k[prefix:]: v for k, v in output.get("data", {}).items()}
    return values


# --------------------------------------------------------------------------------------------
# Citations
# --------------------------------------------------------------------------------------------

BIB_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.S)
BIB_FIELD = r"\b{0}\s*=\s*[\{{\"](.*?)[\}}\"]\s*,?\s*\n"


def read_bibliography(bib_dir: Path) -> dict[str, str]:
    """Citation key -> "Author year" from every ``.bib`` file in ``bib_dir``."""
    cites: dict[str, str] = {}
    for path in sorted(bib_dir.glob("*.bib")):
        for key, body in BIB_ENTRY.findall(path.read_text(encoding="utf-8") + "\n"):
            author = re.search(BIB_FIELD.format("author"), body + "\n", re.S)
            year = re.search(BIB_FIELD.format("year"), body + "\n", re.S)
            name = (author.group(1) if author else key).strip("{} ")
            cites[key] = f"{name} {year.group(1).strip('{} ') if year else ''}".strip()
    return cites


# --------------------------------------------------------------------------------------------
# MyST markdown -> plain markdown for nbconvert
# --------------------------------------------------------------------------------------------

ROLE = re.compile(r"\{([a-zA-Z0-9:_-]+)\}`([^`]*)`")
FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|:{3,})\{([a-zA-Z0-9_:-]+)\}\s*(.*)$")
OPTION = re.compile(r"^\s*:[a-zA-Z0-9_-]+:.*$")
LABEL_TARGET = re.compile(r"^\s*\([a-zA-Z0-9_.:-]+\)=\s*$")
DROPPED_DIRECTIVES = {"bibliography", "glossary", "toctree", "tableofcontents", "code-cell"}
#: The labels the chapters put before their explorers are about the web page; a deck has its
#: own pointer to the app instead.
PAGE_ONLY_NOTES = ("Live in JupyterLab", "Works here")
NOTE_DIRECTIVES = {"solution"}


def glue_text(bundle: dict | None, spec: str) -> str:
    """The text ``{glue:text}`` shows for a glued output: the value without its repr quotes."""
    if bundle is None:
        return "[missing number]"
    plain = bundle.get("text/plain", "")
    try:
        value = ast.literal_eval(plain)
    except (ValueError, SyntaxError):
        value = plain
    if spec and isinstance(value, (int, float)):
        return format(value, spec)
    return str(value)


class MystToMarkdown:
    """Turns a chapter's MyST markdown into markdown nbconvert renders, plus speaker notes."""

    def __init__(self, glue: dict[str, dict[str, dict]], cites: dict[str, str], page: str):
        self.glue = glue
        self.cites = cites
        self.page = page
        self.in_solution = False

    def role(self, match: re.Match) -> str:
        name, text = match.group(1), match.group(2)
        if name.startswith("glue"):
            key, _, spec = text.partition(":")
            page, sep, bare = key.partition("::")
            bundle = (
                self.glue.get(Path(page).stem, {}).get(bare)
                if sep
                else self.glue.get(self.page, {}).get(key)
                or next((g[key] for g in self.glue.values() if key in g), None)
            )
            if name == "glue:md" and bundle is not None:
                return str(bundle.get("text/markdown", glue_text(bundle, spec)))
            return glue_text(bundle, spec)
        if name in {"cite", "cite:p", "cite:t", "cite:ps", "cite:ts"}:
            keys = [k.strip() for k in text.split(",") if k.strip()]
            return "(" + "; ".join(self.cites.get(k, k) for k in keys) + ")"
        explicit = re.match(r"^(.*?)\s*<([^>]*)>$", text, re.S)
        if explicit and explicit.group(1):
            return explicit.group(1)
        if name == "math":
            return f"${text}$"
        return text

    def inline(self, line: str) -> str:
        return ROLE.sub(self.role, line)

    def convert(self, source: str) -> tuple[list[str], list[str]]:
        """(slide lines, speaker-note lines) for one markdown cell.

        Everything between ``{solution-start}`` and ``{solution-end}`` (which may span cells:
        the state is kept on the converter) goes to the speaker notes.
        """
        out: list[str] = []
        notes: list[str] = []
        lines = source.splitlines()
        i = 0
        while i < len(lines):
            j = self._next_block(lines, i)
            block = lines[i:j]
            opened = FENCE_OPEN.match(lines[i])
            name = opened.group(3) if opened else ""
            if name == "solution-start":
                self.in_solution = True
                notes.append("**Solution**")
            elif name == "solution-end":
                self.in_solution = False
                notes.append("")
            else:
                converted, inner_notes = self._block(block)
                (notes if self.in_solution else out).extend(converted)
                notes.extend(inner_notes)
            i = j
        return out, notes

    @staticmethod
    def _next_block(lines: list[str], i: int) -> int:
        """Index after the directive opened at ``lines[i]`` (or after that single line)."""
        opened = FENCE_OPEN.match(lines[i])
        if not opened:
            return i + 1
        fence = opened.group(2)
        close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        return j + 1

    def _block(self, lines: list[str]) -> tuple[list[str], list[str]]:
        out: list[str] = []
        notes: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            opened = FENCE_OPEN.match(line)
            if opened:
                _, _, name, argument = opened.groups()
                j = self._next_block(lines, i)
                body = lines[i + 1:j - 1]
                while body and OPTION.match(body[0]):
                    body = body[1:]
                i = j
                self._directive(name, self.inline(argument.strip()), body, out, notes)
                continue
            if LABEL_TARGET.match(line):
                i += 1
                continue
            if line.startswith(": ") and out and out[-1].strip():
                # A definition list (key terms): "Term" then ": meaning".
                term = out.pop()
                out.append(f"- **{term.strip()}**: {self.inline(line[2:].strip())}")
                i += 1
                continue
            out.append(self.inline(line))
            i += 1
        return out, notes

    def _directive(self, name: str, argument: str, body: list[str], out: list[str],
                   notes: list[str]) -> None:
        inner, inner_notes = self._block(body)
        notes.extend(inner_notes)
        if name in DROPPED_DIRECTIVES or name in {"solution-start", "solution-end"}:
            return
        if name in NOTE_DIRECTIVES:
            notes.append(f"**Solution{': ' + argument if argument else ''}**")
            notes.extend(inner)
            notes.append("")
            return
        if name in {"glue:figure", "glue:any", "glue"}:
            bundle = next((g[argument] for g in self.glue.values() if argument in g), None)
            if bundle and "text/html" in bundle:
                out.extend(["", str(bundle["text/html"]), ""])
            return
        if name in {"code-block", "code", "sourcecode"}:
            out.extend([f"```{argument}", *body, "```"])
            return
        if name == "math":
            out.extend(["$$", *body, "$$"])
            return
        if name == "note" and " ".join(inner).strip().startswith(PAGE_ONLY_NOTES):
            return
        if name == "admonition":
            title = argument
        elif name == "exercise":
            title = "Exercise" + (f": {argument}" if argument else "")
        else:
            title = name.replace("-", " ").capitalize() + (f": {argument}" if argument else "")
        out.append("")
        out.append(f"> **{title}**")
        out.append(">")
        out.extend(f"> {text}" if text.strip() else ">" for text in inner)
        out.append("")


# --------------------------------------------------------------------------------------------
# A chapter -> a slide notebook
# --------------------------------------------------------------------------------------------

def _slide_meta(slide_type: str) -> dict:
    return {"slideshow": {"slide_type": slide_type}}


def _tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _code_outputs(cell: nbformat.NotebookNode) -> tuple[list, bool]:
    """The outputs a reader sees (no glue records, no streams) and whether a widget was cut."""
    kept = []
    had_widget = False
    for output in cell.get("outputs", []):
        if output.get("output_type") not in {"display_data", "execute_result"}:
            continue
        scrap = output.get("metadata", {}).get("scrapbook")
        if scrap and scrap.get("mime_prefix"):
            continue
        data = output.get("data", {})
        if WIDGET_VIEW in data or any(k.startswith(GLUE_PREFIX) for k in data):
            had_widget = had_widget or WIDGET_VIEW in data
            continue
        kept.append(output)
    return kept, had_widget


def split_at_headings(lines: list[str]) -> list[str]:
    """Markdown split before each level-1 or level-2 heading (outside code), blank parts dropped.

    Each heading starts a slide of its own.
    """
    chunks: list[list[str]] = [[]]
    fence = None
    for line in lines:
        marker = re.match(r"^\s*(`{3,}|~{3,})", line)
        if marker and fence is None:
            fence = marker.group(1)
        elif marker and marker.group(1).startswith(fence):
            fence = None
        if fence is None and re.match(r"^#{1,2} ", line) and any(x.strip() for x in chunks[-1]):
            chunks.append([])
        chunks[-1].append(line)
    return [text for text in ("\n".join(c).strip() for c in chunks) if text]


def chapter_title(pages: list[nbformat.NotebookNode]) -> str:
    for cell in pages[0].cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return ROLE.sub(lambda m: m.group(2), line[2:]).strip()
    return "Chapter"


def slide_notebook(chapter: str, docnames: list[str], root: Path,
                   cites: dict[str, str]) -> nbformat.NotebookNode:
    """A reveal.js-ready notebook for one chapter, built from its pages' stored outputs."""
    pages = []
    for docname in docnames:
        nb = read_page(root, docname)
        if nb is None:
            raise SystemExit(f"{docname}: page is listed in _toc.yml but has no .ipynb or .md")
        pages.append((docname, nb))
    glue = {Path(doc).name: glue_values(nb) for doc, nb in pages}
    title = chapter_title([nb for _, nb in pages])
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\nNHS Commissioning Workbook: slides for trainers, built from the "
            f"chapter pages. Numbers are the ones printed in the book. Press **S** for the "
            f"speaker notes (exercise answers) and **Esc** for an overview.",
            metadata=_slide_meta("slide"),
        )
    ]
    for docname, nb in pages:
        converter = MystToMarkdown(glue, cites, Path(docname).name)
        for cell in nb.cells:
            tags = _tags(cell)
            if "remove-cell" in tags:
                continue
            if cell.cell_type == "markdown":
                lines, notes = converter.convert(cell.source)
                for chunk in split_at_headings(lines):
                    new_slide = chunk.startswith("# ") or chunk.startswith("## ")
                    cells.append(nbformat.v4.new_markdown_cell(
                        chunk, metadata=_slide_meta("slide" if new_slide else "-")))
                if any(n.strip() for n in notes):
                    cells.append(nbformat.v4.new_markdown_cell(
                        "\n".join(notes).strip(), metadata=_slide_meta("notes")))
                continue
            if cell.cell_type != "code" or "remove-output" in tags:
                continue
            outputs, had_widget = _code_outputs(cell)
            if converter.in_solution:
                continue
            if outputs:
                code = nbformat.v4.new_code_cell("", metadata=_slide_meta("-"))
                code.outputs = outputs
                cells.append(code)
            if had_widget:
                cells.append(nbformat.v4.new_markdown_cell(APP_POINTER,
                                                           metadata=_slide_meta("-")))
    cells.append(nbformat.v4.new_markdown_cell(
        f"## Find out more\n\nThe full chapter, with its sources, exercises and the kernel-free "
        f"explorers: *{title}* in the NHS Commissioning Workbook "
        f"(`{docnames[0]}`). The live explorers: `make app`.",
        metadata=_slide_meta("slide"),
    ))
    deck = nbformat.v4.new_notebook(cells=cells)
    deck.metadata["title"] = title
    deck.metadata["language_info"] = {"name": "python"}
    deck.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    return deck


# --------------------------------------------------------------------------------------------
# Export and assets
# --------------------------------------------------------------------------------------------

def exporter() -> SlidesExporter:
    export = SlidesExporter(
        extra_loaders=[jinja2.DictLoader({"commlib_reveal.html.j2": TEMPLATE})],
        template_file="commlib_reveal.html.j2",
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_width="1280",
        reveal_height="760",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    export.mathjax_url = ""
    export.require_js_url = ""
    export.jquery_url = ""
    export.font_awesome_url = ""
    return export


def copy_assets(out: Path) -> None:
    """reveal.js, plotly.js and the figure loader beside the decks: no CDN, no network."""
    if not (REVEAL_DIR / "dist" / "reveal.js").is_file():
        raise SystemExit(f"{REVEAL_DIR / 'dist' / 'reveal.js'} is missing: run `make node_modules`")
    target = out / "reveal.js"
    shutil.rmtree(target, ignore_errors=True)
    for sub in ("dist", "plugin/notes"):
        shutil.copytree(REVEAL_DIR / sub, target / sub,
                        ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
    shutil.copy2(REVEAL_DIR / "LICENSE", target / "LICENSE")
    if not PLOTLY_JS.is_file():
        raise SystemExit(f"{PLOTLY_JS} is missing: run `make node_modules`")
    (out / "vendor" / "plotly").mkdir(parents=True, exist_ok=True)
    shutil.copy2(PLOTLY_JS, out / "vendor" / "plotly" / "plotly.min.js")
    (out / "commlib").mkdir(parents=True, exist_ok=True)
    for name in ("plotly-loader.js", "commlib.css"):
        shutil.copy2(SITE_STATIC / name, out / "commlib" / name)


def write_index(out: Path, decks: list[tuple[str, str]]) -> None:
    items = "".join(
        f'<li><a href="{html.escape(slug)}.html">{html.escape(title)}</a></li>'
        for slug, title in decks
    )
    (out / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>NHS Commissioning Workbook: slides</title></head><body><main>"
        "<h1>NHS Commissioning Workbook: slides</h1>"
        f"<p>One deck per chapter. Press S in a deck for the speaker notes.</p><ul>{items}</ul>"
        "</main></body></html>\n",
        encoding="utf-8",
    )


def build(out: Path, toc_path: Path, root: Path, only: list[str]) -> list[Path]:
    try:
        chapters = chapters_from_toc(toc_path, only)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    cites = read_bibliography(root / "book" / "_bib")
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    export = exporter()
    written, decks, missing = [], [], []
    for slug, pages in chapters:
        if read_page(root, pages[0]) is None:
            missing.append(pages[0])
            continue
        deck = slide_notebook(slug, pages, root, cites)
        body, _ = export.from_notebook_node(deck, resources={"metadata": {"name": slug}})
        path = out / f"{slug}.html"
        path.write_text(body, encoding="utf-8")
        written.append(path)
        decks.append((slug, deck.metadata["title"]))
        print(f"slides  {path.relative_to(out.parent) if out.parent in path.parents else path}")
    for page in missing:
        print(f"skipped {page}: the chapter page does not exist yet", file=sys.stderr)
    if not written:
        raise SystemExit("no chapter pages found: nothing to make slides from")
    write_index(out, decks)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter folders, e.g. 04-funding-flows")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "slides")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml")
    parser.add_argument("--root", type=Path, default=ROOT, help="folder the toc paths start in")
    args = parser.parse_args(argv)
    build(args.out.resolve(), args.toc, args.root.resolve(), args.chapters)
    print(f"Open {args.out / 'index.html'} in a browser (works offline).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
