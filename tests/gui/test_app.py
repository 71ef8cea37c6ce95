"""Starting the application: `srcnn-gui gui` opens pictures and can save a screenshot of itself."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from PIL import Image

from srcnn_gui.core.images.writing import save_image


def test_screenshot_after_the_queue_is_done(tmp_path, butterfly, user_models):
    picture = save_image(tmp_path / "wings.png", butterfly[:64, :80])
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = [sys.executable, "-m", "srcnn_gui", "gui", str(picture), "--view", "difference", "--mode", "evaluate",
               "--screenshot", str(shot)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-1000:]
    assert f"wrote {shot}" in done.stdout
    with Image.open(shot) as image:
        assert image.width > 600 and image.height > 400
        colours = np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)
        assert len(colours) > 50  # a real picture, not an empty window
    assert not (tmp_path / "config").exists()  # a screenshot run leaves the user's settings alone
