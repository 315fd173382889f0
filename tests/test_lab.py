"""The chapters read well in JupyterLab (issue 18, item 4): the reading copies of commlib.lab.

Unit tests check the conversion on every notebook of the book; the browser test (marked
``app``: it starts a server) opens a chapter's copy in JupyterLab in Chromium and reads what a
learner sees: numbers, not ``{glue:text}``; quotes, not directive fences; solutions closed.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from commlib import lab

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = Path("book") / "04-funding-flows" / "gp-funding.ipynb"


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "markdown"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lab")
    written = lab.write_copies(out=out)
    assert len(written) == len(list(lab._notebooks(ROOT)))
    return out


def test_every_copy_shows_no_raw_myst(copies):
    left = {}
    for path in sorted(copies.rglob("*.ipynb")):
        raw = [piece for text in _markdown(json.loads(path.read_text())) for piece in
               lab.raw_myst(text)]
        if raw:
            left[str(path.relative_to(copies))] = raw[:5]
    assert not left, f"MyST left for JupyterLab to show raw: {left}"


def test_glued_numbers_are_the_values_the_notebook_stored(copies):
    source = json.loads((ROOT / CHAPTER).read_text())
    glued = lab.glued_values(source)
    assert glued["gp_real_default"] == "B81011"
    copy_text = "\n".join(_markdown(json.loads((copies / CHAPTER).read_text())))
    assert f"a practice code such as {glued['gp_real_default']}" in copy_text
    assert f"it lists\n{glued['gp_real_practices_2223']} practices" in copy_text


def test_solutions_are_closed_details_after_their_exercise(copies):
    source = "\n".join(_markdown(json.loads((ROOT / CHAPTER).read_text())))
    text = "\n".join(_markdown(json.loads((copies / CHAPTER).read_text())))
    exercises = source.count("```{exercise}")
    assert exercises >= 3
    assert text.count("> **Exercise: ") == exercises
    assert text.count("<details>\n<summary>Solution</summary>") == exercises
    assert "<details open" not in text


def test_the_site_explorers_and_their_notes_are_left_out_in_lab(copies):
    notebook = json.loads((copies / CHAPTER).read_text())
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
               for c in notebook["cells"]]
    assert not any("browser.site_explorer(" in s for s in sources)
    assert not any(s.lstrip().startswith("> **Note**\n>\n> Works here, no kernel needed")
                   for s in sources)
    # The live explorers stay: in Lab they are the explorers.
    assert any("practice_payments_explorer()" in s for s in sources)
    hidden = [c for c in notebook["cells"] if c["cell_type"] == "code"
              and "remove-cell" in c["metadata"].get("tags", [])]
    assert hidden and all(c["metadata"]["jupyter"]["source_hidden"] for c in hidden)


def test_convert_markdown_handles_roles_directives_and_targets():
    text = (
        "(a-target)=\n# Title\n\nPaid {glue:text}`price` per {term}`weighted patient` "
        "({term}`GMS <General Medical Services>`), see {ref}`the places <ch4-places>` and "
        "{cite}`nhse-2013-allocations`.\n\n````{admonition} Read this\n:class: dropdown\n"
        "Inside.\n\n```{note}\nNested.\n```\n````\n"
    )
    out = lab.convert_markdown(text, {"price": "£99.70"})
    assert out.startswith("# Title")
    assert "Paid £99.70 per **weighted patient** (**GMS**), see the places" in out
    assert "(NHS England 2012)" in out
    assert "<details>\n<summary>Read this</summary>" in out
    assert "> **Note**\n>\n> Nested." in out
    assert not lab.raw_myst(out)


def test_a_number_nobody_glued_is_an_error_naming_the_notebook():
    with pytest.raises(ValueError, match="somewhere.ipynb: nothing is glued as 'missing'"):
        lab.convert_markdown("{glue:text}`missing`", {}, where="somewhere.ipynb")


# ---------------------------------------------------------------------------------------------
# In JupyterLab itself
# ---------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(copies, tmp_path_factory):
    """JupyterLab on the reading copies, every cell rendered (no windowing), no token."""
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    log = tmp_path_factory.mktemp("lab-log") / "lab.log"
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings)}
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "jupyter-lab"), "--no-browser",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.token=",
             "--ServerApp.password=", f"--ServerApp.root_dir={copies}",
             "--allow-root", "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=copies, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab stopped:\n{log.read_text()[-2000:]}", pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-2000:]}",
                                pytrace=False)
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


READ_JS = """() => Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown'))
  .map((cell) => ({text: cell.innerText,
                   details: Array.from(cell.querySelectorAll('details')).map((d) => ({
                     open: d.open,
                     summary: (d.querySelector('summary') || {}).innerText || '',
                     bodyShown: Array.from(d.children).filter((c) => c.tagName !== 'SUMMARY')
                       .some((c) => c.checkVisibility())}))}))"""


@pytest.mark.app
def test_a_chapter_in_jupyterlab_shows_numbers_and_hides_solutions(lab_url):
    from playwright.sync_api import sync_playwright

    source = json.loads((ROOT / CHAPTER).read_text())
    glued = lab.glued_values(source)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"{lab_url}/lab/tree/{CHAPTER.as_posix()}", timeout=120_000)
            page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").nth(5).wait_for(
                timeout=120_000)
            page.wait_for_timeout(2000)
            cells = page.evaluate(READ_JS)
        finally:
            browser.close()
    text = "\n".join(cell["text"] for cell in cells)
    assert "GP funding: how general practice is paid" in text
    raw = re.findall(r"\{[a-z]+(?::[a-z]+)?\}`?|^:(?:class|label):", text, re.M)
    assert not raw, f"raw MyST in JupyterLab: {raw[:5]}"
    assert glued["gp_real_default"] in text and glued["gp_real_practices_2223"] in text
    solutions = [d for cell in cells for d in cell["details"] if d["summary"] == "Solution"]
    exercises = "".join(_markdown(source)).count("```{exercise}")
    assert len(solutions) == exercises
    assert all(not d["open"] and not d["bodyShown"] for d in solutions), solutions
