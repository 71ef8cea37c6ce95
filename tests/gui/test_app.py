"""Starting the application: the window opens with pictures and can save a screenshot of itself."""

from __future__ import annotations

import numpy as np
from PIL import Image

from srcnn_gui.core.imaging import save_image
from srcnn_gui.gui.app import run_gui


def test_screenshot_after_the_queue_is_done(qapp, tmp_path, butterfly, user_models):
    picture = save_image(tmp_path / "wings.png", butterfly[:64, :80])
    shot = tmp_path / "shot.png"
    assert run_gui([str(picture)], view="difference", mode="evaluate", screenshot=shot) == 0
    with Image.open(shot) as image:
        assert image.width > 600 and image.height > 400
        colours = np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)
        assert len(colours) > 50  # a real picture, not an empty window
