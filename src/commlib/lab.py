"""Reading copies of the chapters for JupyterLab: the site's words, in Markdown Lab renders.

JupyterLab renders CommonMark, not MyST: a chapter opened there shows ``{glue:text}`` in
place of every number, ``:label:`` and ``:class: dropdown`` lines, directives as code blocks
and solutions in plain view. jupyterlab-myst renders directives but not glued values, and
not sphinx-exercise's exercises. So :func:`write_copies` (``make lab``, and ``binder/postBuild``
on Binder) writes a copy of every notebook into ``lab/`` in which

* every ``{glue:text}`name``` is the value the notebook itself glued (from its stored
  outputs, which nbval keeps true to a fresh run);
* ``{term}``, ``{doc}`` and ``{ref}`` become their words, ``{cite}`` an author-year citation
  from the book's bibliography, and ``(label)=`` targets go;
* admonitions, notes and exercises become quotes with a bold title; solutions and dropdowns
  become ``<details>``, closed until the learner opens them, as on the site;
* the site's kernel-free explorers (``browser.site_explorer``) and the notes about them go,
  because in Lab the live widget above them is the explorer; code cells hidden on the site
  stay, with their input collapsed.

The copies are for reading and running; the sources stay in ``book/`` and ``notebooks/``.
"""

from __future__ import annotations

import ast
import copy
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["convert_markdown", "convert_notebook", "glued_values", "main", "raw_myst",
           "write_copies"]

ROOT = Path(__file__).resolve().parents[2]
#: Folders whose notebooks get a reading copy, and where the copies go.
SOURCES = ("book", "notebooks")
OUT = ROOT / "lab"

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z][\w-]*)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
_TARGET = re.compile(r"^\((?P<label>[^)\s]+)\)=[ \t]*$")
_ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<body>[^`]*)`")
_TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: What :func:`raw_myst` finds: a role, a directive fence, an option line or a target.
_RAW = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|^(?:`{3,}|:{3,})\{|^:(?:class|label):|^\([^)\s]+\)=$",
                  re.M)
_TITLES = {"note": "Note", "warning": "Warning", "tip": "Tip", "important": "Important",
           "seealso": "See also", "attention": "Attention", "caution": "Caution",
           "hint": "Hint", "danger": "Danger", "error": "Error"}
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: A note about the site's kernel-free explorer, which Lab does not show.
_SITE_NOTE = re.compile(r"^\s*(?:`{3,}|:{3,})\{note\}\s*\n\s*Works here, no kernel needed")


def raw_myst(text: str) -> list[str]:
    """Every piece of MyST syntax left in ``text`` (empty when Lab shows it all as words)."""
    return [m.group(0) for m in _RAW.finditer(text)]


def glued_values(notebook: dict) -> dict[str, str]:
    """Name -> text of every value the notebook glues, from its stored outputs."""
    values: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            name = scrapbook.get("name")
            text = output.get("data", {}).get(scrapbook.get("mime_prefix", "") + "text/plain")
            if name is None or text is None:
                continue
            text = "".join(text) if isinstance(text, list) else text
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                value = text
            values[name] = value if isinstance(value, str) else str(value)
    return values


@functools.cache
def _citations() -> dict[str, str]:
    """Bibliography key -> "Author Year", from every ``book/_bib/*.bib``."""
    from pybtex.database import parse_file

    found: dict[str, str] = {}
    for path in sorted((ROOT / "book" / "_bib").glob("*.bib")):
        for key, entry in parse_file(str(path)).entries.items():
            people = entry.persons.get("author", [])
            if people:
                names = [" ".join(p.last_names) or str(p) for p in people]
                who = names[0] if len(names) == 1 else (
                    f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
            else:
                who = entry.fields.get("organization") or entry.fields.get("publisher") or key
            who = who.replace("{", "").replace("}", "")
            found[key] = f"{who} {entry.fields.get('year', 'n.d.')}".strip()
    return found


@functools.cache
def _labels() -> dict[str, str]:
    """Target label -> the heading after it, across every page of the book."""
    found: dict[str, str] = {}
    heading = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*\n+#+\s+(?P<title>.+)$", re.M)
    for path in sorted(ROOT.glob("book/**/*")) + sorted(ROOT.glob("notebooks/**/*")):
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        elif path.suffix == ".md":
            texts = [path.read_text(encoding="utf-8")]
        else:
            continue
        for text in texts:
            for match in heading.finditer(text):
                found.setdefault(match["label"], match["title"].strip())
    return found


def _role(match: re.Match, glue: dict[str, str], where: str) -> str:
    role, body = match["role"], match["body"]
    titled = _TITLED.match(body)
    text, target = (titled["text"], titled["target"]) if titled else (body, body)
    if role in ("glue", "glue:text", "glue:md"):
        name = body.split(":", 1)[0]
        if name not in glue:
            raise ValueError(f"{where}: nothing is glued as {name!r}; run `make notebooks`")
        return glue[name]
    if role == "term":
        return f"**{text}**"
    if role == "ref":
        return text if titled else _labels().get(target, target.replace("-", " "))
    if role == "doc":
        return f"*{text}*" if titled else f"*{Path(target).name.replace('-', ' ')}*"
    if role.startswith("cite"):
        cited = [_citations().get(k.strip(), k.strip()) for k in body.split(",")]
        return "(" + "; ".join(cited) + ")"
    return text


def _quote(title: str, body: str) -> str:
    lines = [f"**{title}**", "", *body.strip("\n").split("\n")]
    return "\n".join(">" if not line.strip() else f"> {line}" for line in lines)


def _details(summary: str, body: str) -> str:
    return f"<details>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>"


def _directive(name: str, arg: str, options: dict[str, str], body: str) -> str:
    classes = options.get("class", "").split()
    if name == "solution-start":
        return "<details>\n<summary>Solution</summary>\n\n"
    if name == "solution-end":
        return "\n\n</details>"
    if name == "exercise":
        return _quote(f"Exercise: {arg}" if arg else "Exercise", body)
    if name == "container":
        return body
    title = arg or _TITLES.get(name, name.capitalize())
    if "dropdown" in classes or name == "dropdown":
        return _details(title, body)
    return _quote(title, body)


def _blocks(lines: list[str]) -> str:
    """Convert the directives in ``lines`` (innermost first), keeping everything else."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            out.append(lines[i])
            i += 1
            continue
        fence = opened["fence"]
        j = i + 1
        options: dict[str, str] = {}
        while j < len(lines) and (option := _OPTION.match(lines[j])):
            options[option["key"]] = option["value"]
            j += 1
        end = j
        closer = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        while end < len(lines) and not closer.match(lines[end]):
            end += 1
        body = _blocks(lines[j:end])
        out.append(_directive(opened["name"], opened["arg"].strip(), options, body))
        i = end + 1
    return "\n".join(out)


def convert_markdown(text: str, glue: dict[str, str], where: str = "a cell") -> str:
    """A markdown cell's MyST as CommonMark and HTML that JupyterLab renders as the site does."""
    lines = [line for line in text.split("\n") if not _TARGET.match(line)]
    converted = _blocks(lines)
    converted = _ROLE.sub(lambda m: _role(m, glue, where), converted)
    return re.sub(r"\n{3,}", "\n\n", converted).strip("\n")


def convert_notebook(notebook: dict, where: str = "a notebook") -> dict:
    """A reading copy of ``notebook`` for JupyterLab (see the module's description)."""
    glue = glued_values(notebook)
    copied = copy.deepcopy(notebook)
    cells = []
    for cell in copied.get("cells", []):
        source = "".join(cell.get("source", []))
        if cell["cell_type"] == "code" and "browser.site_explorer(" in source:
            continue
        if cell["cell_type"] == "markdown":
            if _SITE_NOTE.match(source):
                continue
            cell["source"] = convert_markdown(source, glue, where)
        elif cell["cell_type"] == "code":
            if any(_WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", [])):
                # A live widget draws when the learner runs the cell; stored, Lab would show
                # its text form ("VBox(children=...").
                cell["outputs"] = []
                cell["execution_count"] = None
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & {"remove-cell", "remove-input", "hide-input"}:
                cell.setdefault("metadata", {}).setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
    copied["cells"] = cells
    return copied


def _notebooks(root: Path) -> Iterable[Path]:
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts and "_build" not in path.parts:
                yield path


def write_copies(root: Path = ROOT, out: Path = OUT) -> list[Path]:
    """Write a reading copy of every notebook of ``book/`` and ``notebooks/`` under ``out``.

    ``out`` may be ``root`` itself (Binder's ``postBuild``: the launch buttons then open the
    reading copies): the labels and citations are read from every page first.
    """
    _labels()
    _citations()
    written = []
    for path in _notebooks(root):
        relative = path.relative_to(root)
        notebook = json.loads(path.read_text(encoding="utf-8"))
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        converted = convert_notebook(notebook, where=str(relative))
        target.write_text(json.dumps(converted, indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m commlib.lab [--in-place]``: write the copies to ``lab/`` (or over the
    sources, on Binder, where the checkout is a disposable copy)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--in-place", action="store_true",
                        help="overwrite the notebooks themselves (Binder only)")
    args = parser.parse_args(argv)
    written = write_copies(out=ROOT if args.in_place else OUT)
    where = "in place" if args.in_place else f"in {OUT.relative_to(ROOT)}/"
    print(f"{len(written)} reading copies for JupyterLab written {where}")
    return 0


if __name__ == "__main__":  # pragma: no cover - `make lab`, binder/postBuild
    raise SystemExit(main())
