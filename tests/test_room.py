"""A full room says so (issue 18): the app's kernel cap (commlib.room) and its page.

Voilà serves the app as `make app` does, with a pool of one pre-heated kernel and a cap of two
kernels: the first two learners are served, the third gets the "room is full" page at once
(HTTP 503), not a page that waits. Plain HTTP requests stand in for the learners' browsers.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from commlib import room

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parents[1]
VOILA = ROOT / ".venv" / "bin" / "voila"
NOTEBOOK = ROOT / "notebooks" / "funding_explorer.ipynb"
START_TIMEOUT_S = 180
REQUEST_TIMEOUT_S = 180


def test_make_app_caps_its_kernels_with_the_room_manager():
    config = json.loads((ROOT / "notebooks" / "voila" / "voila.json").read_text())
    assert config["VoilaConfiguration"]["multi_kernel_manager_class"] == (
        "commlib.room.RoomKernelManager")
    pool = config["VoilaConfiguration"]["default_pool_size"]
    assert config["RoomKernelManager"]["max_kernels"] > pool  # room for learners beyond it


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as reply:
            return reply.status, reply.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_the_learner_past_the_cap_is_told_the_room_is_full(tmp_path):
    from test_app import VOILA_FLAGS

    port = _free_port()
    log = tmp_path / "voila.log"
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "notebooks")}
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(VOILA), str(NOTEBOOK), f"--port={port}", *VOILA_FLAGS, "--pool_size=1",
             "--RoomKernelManager.max_kernels=2"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "is filled with" not in log.read_text(errors="replace"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Voila did not fill its pool:\n{log.read_text()[-2000:]}",
                            pytrace=False)
            time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/"
        first, first_page = _get(url)   # the pre-heated kernel; the pool starts a second
        assert first == 200, first_page[-500:]
        second, second_page = _get(url)  # the second; the pool's refill meets the cap
        assert second == 200, second_page[-500:]
        started = time.monotonic()
        third, third_page = _get(url)
        waited = time.monotonic() - started
        assert third == 503
        assert room.ROOM_FULL in third_page.replace("&#39;", "'")
        assert "Try again" in third_page
        assert waited < 30, f"the full page took {waited:.0f} s"
        assert "The room is full: 2 kernels running, the cap is 2" in log.read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
