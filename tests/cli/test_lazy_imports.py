"""Answers that need no network come without loading torch or Qt (importing torch takes seconds)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.cli.test_nothing_lost import checkout_env

HEAVY = ("torch", "PySide6", "cv2", "scipy")


def _heavy_modules_after(argv: list[str], cwd) -> tuple[int, list[str]]:
    """Run ``main(argv)`` in a fresh interpreter; its exit code and the heavy modules it imported."""
    code = (
        "import json, sys\nfrom srcnn_gui.cli import main\n"
        f"try:\n    rc = main({argv!r})\nexcept SystemExit as stop:\n    rc = stop.code\n"
        f"print(json.dumps([rc, sorted(m for m in {HEAVY!r} if m in sys.modules)]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=checkout_env(),
                          timeout=120)
    rc, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    return rc, heavy


@pytest.mark.parametrize(("argv", "expected_rc"), [
    (["upscale", "x.png", "-o", "o", "--tile", "-5"], 2),
    (["upscale", "x.png", "-o", "o", "--scale", "9"], 2),
    (["upscale", "x.png"], 1),  # without -o: beside the original, but there is no x.png
    (["upscale", "x.png", "--model", "no-such-model"], 2),
    (["upscale", "x.png", "--scael", "2"], 2),
    (["upscale", "missing.png", "-o", "o"], 1),
    (["upscale", "x.png", "-o", "o", "--scale", "2", "--width", "100"], 2),
    (["eval", "Set5", "--jpeg", "0"], 2),
    (["train", "pics", "--scale", "5", "--out", "m.pt"], 2),
    (["train", "pics", "--scale", "3", "--out", "m.pt", "--lr", "-1"], 2),
    (["models"], 0),
])
def test_argument_errors_messages_and_the_model_list_never_load_torch(argv, expected_rc, tmp_path):
    assert _heavy_modules_after(argv, tmp_path) == (expected_rc, [])
