"""End to end: the no-code funding explorer (``make app``) in Voila, driven in Chromium.

The app is started as ``make app`` starts it (Voila on 127.0.0.1, code stripped, the
``commlib`` template), on a free port, as a subprocess. Playwright then drives the page as a
clinician would: pick a tab, type into a box, choose from a list. Each test checks that the
headline, the table or the chart shows the value that commlib's models compute for that input.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from commlib import allocation, contracts, data, fmt, primary_care, savings
from commlib.widgets import contracts as contract_widgets
from commlib.widgets import practice_income as income_widgets

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "funding_explorer.ipynb"
VOILA = ROOT / ".venv" / "bin" / "voila"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: The same flags as `make app` (mk/trainers.mk), checked by the first test below.
VOILA_FLAGS = [
    "--no-browser", "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light",
    "--template=commlib", "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
    "--Voila.config_file_paths=notebooks/voila",
]
#: The room settings `make app` reads (notebooks/voila/voila.json). The tests run a smaller
#: pool than a room's, so that Voila starts quickly; `benchmarks/room.py` measures the room's.
VOILA_CONFIG = ROOT / "notebooks" / "voila" / "voila.json"
TEST_POOL_SIZE = 2
START_TIMEOUT_S = 180
DRAW_TIMEOUT_MS = 180_000
UPDATE_TIMEOUT_MS = 30_000
TAB_TITLES = ["Allocations and places", "Contract terms", "Practice income", "Gain-share"]


def test_make_app_uses_the_same_flags_as_these_tests():
    recipe = (ROOT / "mk" / "trainers.mk").read_text(encoding="utf-8").replace("\\\n", " ")
    for flag in VOILA_FLAGS:
        flag = flag.replace("127.0.0.1", "$(HOST)")
        assert flag in recipe, f"`make app` does not pass {flag}"
    assert "notebooks/funding_explorer.ipynb" in recipe


def test_the_app_preheats_kernels_and_culls_idle_ones():
    config = json.loads(VOILA_CONFIG.read_text(encoding="utf-8"))
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaConfiguration"]["default_pool_size"] >= 1
    culling = config["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and culling["cull_interval"] > 0
    # A learner's open but abandoned tab must not hold a kernel for ever.
    assert culling["cull_connected"] is True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """Voila serving the app on 127.0.0.1; stopped (by its own process id) after the tests."""
    for needed, how in ((VOILA, "run `make venv`"), (NOTEBOOK, "the app notebook is missing"),
                        (Path(CHROMIUM), "apt-get install chromium")):
        if not Path(needed).exists():
            pytest.fail(f"{needed} is missing: {how}", pytrace=False)
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "notebooks"), "PYTHONHASHSEED": "0"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(VOILA), str(NOTEBOOK), f"--port={port}", *VOILA_FLAGS,
             f"--pool_size={TEST_POOL_SIZE}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"Voila stopped before serving the app:\n{log.read_text()[-2000:]}",
                            pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Voila did not listen on port {port} within "
                                f"{START_TIMEOUT_S} s:\n{log.read_text()[-2000:]}", pytrace=False)
                time.sleep(0.5)
        # The pool of pre-heated kernels fills from voila.json's settings: Voila logs it.
        while "is filled with" not in log.read_text(errors="replace"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Voila did not fill its pool of pre-heated kernels within "
                            f"{START_TIMEOUT_S} s:\n{log.read_text()[-2000:]}", pytrace=False)
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def app(app_url):
    """The app page in Chromium, once every tab's explorer has drawn its first result."""
    from playwright.sync_api import sync_playwright

    offsite: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})

            def route(route_):
                if route_.request.url.startswith(app_url):
                    route_.continue_()
                else:
                    offsite.append(route_.request.url)
                    route_.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(app_url, wait_until="load", timeout=DRAW_TIMEOUT_MS)
            page.locator(".lm-TabBar-tab", has_text=TAB_TITLES[-1]).wait_for(
                timeout=DRAW_TIMEOUT_MS)
            page.locator(".commlib-headline").first.wait_for(timeout=DRAW_TIMEOUT_MS)
            yield page, offsite, errors
        finally:
            browser.close()


def open_tab(page, title: str):
    page.locator(".lm-TabBar-tab", has_text=title).click()


def explorer(page, title: str):
    """The explorer whose heading is ``title``."""
    box = page.locator(".commlib-explorer", has=page.locator("h4", has_text=title))
    box.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    return box


def type_into(box, label: str, value) -> None:
    field = box.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    field.blur()


def wait_for_text(box, selector: str, text: str) -> str:
    from playwright.sync_api import expect

    target = box.locator(selector).first
    expect(target).to_contain_text(text, timeout=UPDATE_TIMEOUT_MS)
    return target.inner_text()


def test_the_app_shows_four_tabs_and_no_code(app):
    page, offsite, errors = app
    titles = [t.strip() for t in page.locator(".lm-TabBar-tab").all_inner_texts()]
    assert titles == TAB_TITLES
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
    assert "import" not in page.locator("body").inner_text()
    assert offsite == [], f"the app fetched {offsite} from outside the machine"
    assert errors == []


def test_typing_a_national_sum_shows_the_fair_share_the_model_computes(app):
    page, _, _ = app
    open_tab(page, "Allocations and places")
    box = explorer(page, "An ICB's need and fair share")
    box.get_by_label("Financial year", exact=True).select_option("2024/25")
    type_into(box, "National sum to share (£m)", 90000)
    icb = data.load("allocation_icb")
    rows = icb[icb["year"] == "2024/25"].set_index("icb_code")
    share = allocation.weighted_capitation(90_000 * 1e6, rows["wp_core"])["QOQ"]
    wait_for_text(box, ".commlib-headline", f"fair share {fmt.money(share, dp=2)} of £90,000.0m")


def test_choosing_a_year_redraws_the_need_chart_from_the_model(app):
    page, _, _ = app
    open_tab(page, "Allocations and places")
    box = explorer(page, "An ICB's need and fair share")
    box.get_by_label("Financial year", exact=True).select_option("2025/26")
    wait_for_text(box, ".commlib-headline", "2025/26")
    icb = data.load("allocation_icb")
    rows = icb[icb["year"] == "2025/26"].set_index("icb_code")
    expected = allocation.need_index(rows["population"], rows["wp_core"])["QOQ"]
    bar = box.locator('rect[data-bar="Core services (combined)"]')
    assert float(bar.get_attribute("data-value")) == pytest.approx(expected, abs=1e-4)


def test_a_bad_entry_shows_a_message_and_keeps_the_last_good_result(app):
    page, _, _ = app
    open_tab(page, "Allocations and places")
    box = explorer(page, "An ICB's need and fair share")
    type_into(box, "National sum to share (£m)", 80000)
    good = wait_for_text(box, ".commlib-headline", "of £80,000.0m")
    type_into(box, "National sum to share (£m)", -5)
    wait_for_text(box, ".commlib-message", "must be more than zero")
    assert box.locator(".commlib-headline").inner_text() == good


def test_changing_the_price_redraws_the_contract_chart_and_payment(app):
    page, _, _ = app
    open_tab(page, "Contract terms")
    box = explorer(page, "Contract terms explorer")
    box.get_by_label("Contract A: type", exact=True).select_option(label="Cost per case")
    type_into(box, "Price (£ per case)", 2500)
    planned = contract_widgets.PLANNED_ACTIVITY
    actual = planned * 1.10  # the explorer starts at 110% of plan
    split = contracts.risk_split("cost_per_case", planned, 2500.0, actual)
    wait_for_text(box, ".commlib-headline", f"pays {fmt.money(split['payment'])}")
    grid = planned * contract_widgets.ACTIVITY_GRID_PCT / 100.0
    expected = np.asarray(contracts.contract_payment("cost_per_case", planned, 2500.0, grid))
    points = box.locator('polyline[data-series="A: Cost per case"]').get_attribute("data-points")
    drawn = np.array([float(p.split(",")[1]) for p in points.split(";")])
    np.testing.assert_allclose(drawn, expected, atol=0.01)


def test_changing_the_list_size_shows_the_practice_income_the_model_computes(app):
    page, _, _ = app
    open_tab(page, "Practice income")
    box = explorer(page, "Practice income explorer")
    type_into(box, "Registered patients (people)", 12000)
    d = income_widgets.DEFAULTS
    income = primary_care.practice_income(
        d["year"], registered_patients=12000, carr_hill_weighting=d["carr_hill_weighting"],
        qof_points=d["qof_points"], qof_prevalence_ratio=d["qof_prevalence_ratio"],
        enhanced_services=d["enhanced_services"], other=d["other"],
        oohs_opt_out=d["oohs_opt_out"], use_revised=d["use_revised"])
    wait_for_text(box, ".commlib-headline", "12,000 patients")
    wait_for_text(box, ".commlib-headline", f"earns {fmt.money(income['total'])}")
    label = primary_care.INCOME_STREAMS["global_sum"]
    bar = box.locator(f'rect[data-bar="{label}"]')
    assert float(bar.get_attribute("data-value")) == pytest.approx(income["global_sum"],
                                                                   abs=1e-3)


def test_changing_the_trusts_share_redraws_who_keeps_the_saving(app):
    page, _, _ = app
    open_tab(page, "Gain-share")
    box = explorer(page, "Biosimilar gain-share explorer")
    type_into(box, "Trust's share of the saving (0.5 = 50:50)", 0.3)
    example = savings.ILLUSTRATIVE_EXAMPLE
    compare = savings.compare_with_pass_through(
        example["drug_spend"], example["price_reduction"], example["switch_rate"],
        example["implementation_cost"], 0.3, 3, share_net_of_costs=False)
    kept = compare.loc["gain_share", "total_to_commissioner"]
    wait_for_text(box, ".commlib-headline", "with a 30% share")
    wait_for_text(box, ".commlib-headline", f"commissioner keeps {fmt.money(kept)}")
    bar = box.locator('rect[data-bar="Trust, gain-share"]')
    expected = compare.loc["gain_share", "total_to_provider"]
    assert float(bar.get_attribute("data-value")) == pytest.approx(expected, abs=1e-3)
    assert re.search(r"\d", box.locator(".commlib-headline").inner_text())
