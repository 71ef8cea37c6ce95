"""``upscale --png-level``: the level reaches the files (same pixels, other size), a bad one stops the run in words."""

from __future__ import annotations

import numpy as np
import pytest

from srcnn_gui.cli import main
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image


def test_the_level_changes_the_files_size_not_its_pixels(tmp_path, butterfly):
    source = save_image(tmp_path / "in" / "wings.png", butterfly[:80, :90])
    for level in ("0", "9"):
        assert main(["upscale", str(source), "-o", str(tmp_path / level), "--scale", "2", "--png-level", level]) == 0
    stored, squeezed = (tmp_path / level / "wings_srcnn_x2.png" for level in ("0", "9"))
    assert squeezed.stat().st_size < 0.8 * stored.stat().st_size
    assert np.array_equal(load_image(stored), load_image(squeezed))


@pytest.mark.parametrize("level", ["10", "-1", "fast"])
def test_a_bad_level_is_refused_before_anything_runs(tmp_path, capsys, level):
    with pytest.raises(SystemExit) as stopped:
        main(["upscale", str(tmp_path), "-o", str(tmp_path / "out"), "--png-level", level])
    assert stopped.value.code == 2 and "PNG compression level is a whole number from 0" in capsys.readouterr().err
