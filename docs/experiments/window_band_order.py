"""Other factors in the window: seconds until the rows on screen are full size, view at the bottom vs the top.

At a factor no model has (x2.5: the x3 model, then a reduction) a large result fills the window's cache in
bands of rows, each pass reading the one before top to bottom. The bands now start at the top of the view
(``BandSchedule``); before, they always started at the top of the picture. One run, one process: a generated
photo (JPEG q88) at x2.5, the view on its bottom rows; the time until the band under the view's top is in the
cache when the bands start there, against the same band when they start at the top (as before). Both after
the preview; the figures are one run each, on a machine whose load is printed with them.

    python docs/experiments/window_band_order.py [--width 2000 --height 1500]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from PIL import Image

from srcnn_gui.core.bench.memory import write_large_picture
from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import upscale_any_picture
from srcnn_gui.core.jobs.region_plan import ViewFocus
from srcnn_gui.core.jobs.result_cache import ResultCache
from srcnn_gui.core.jobs.result_filling import BAND_ROWS, RegionsStarted

FACTOR = 2.5
VIEW_TOP = 0.85  # the view shows the bottom 15% of the picture


def seconds_to_band(photo: Path, view_top: float, wanted: int) -> tuple[float, int]:
    """Seconds from the preview until band ``wanted`` is in the cache with the view from ``view_top`` down, and
    how many bands were computed by then."""
    focus = ViewFocus()
    focus.set(view_top, 0.0, 1.0, 1.0)
    written: list[int] = []
    started: list[float] = []
    control = JobControl(report=lambda item: started.append(time.perf_counter()) if isinstance(item, RegionsStarted) else None)
    write = ResultCache.write

    def recorded(cache: ResultCache, index: int, result: object) -> None:
        write(cache, index, result)
        written.append(index)
        if index == wanted:
            control.cancel()

    ResultCache.write = recorded
    try:
        upscale_any_picture(photo, ModelChooser(FACTOR), control, evaluate=False, size=OutputSize(factor=FACTOR),
                            focus=focus)
    except CancelledError:
        pass
    finally:
        ResultCache.write = write
    return time.perf_counter() - started[0], len(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=2000)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    limits.WINDOW_REGIONS_ABOVE_MEGAPIXELS = 0  # the cache at every size
    print(f"{os.cpu_count()} cores; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        png, photo = Path(tmp) / "photo.png", Path(tmp) / "photo.jpg"
        write_large_picture(png, args.width, args.height)
        with Image.open(png) as picture:
            picture.save(photo, quality=88)
        out_rows = OutputSize(factor=FACTOR).pixels(args.height, args.width)[0]
        wanted = int(VIEW_TOP * out_rows) // BAND_ROWS
        bands = -(-out_rows // BAND_ROWS)
        print(f"{args.width} x {args.height} at x{FACTOR}: {bands} bands of {BAND_ROWS} rows; the view from row "
              f"{int(VIEW_TOP * out_rows)}, band {wanted}")
        from_view, count_view = seconds_to_band(photo, VIEW_TOP, wanted)
        from_top, count_top = seconds_to_band(photo, 0.0, wanted)
    print(f"  bands from the view (now): {from_view:.1f} s, {count_view} bands computed")
    print(f"  bands from the top (before): {from_top:.1f} s, {count_top} bands computed")
    print(f"  {from_top / from_view:.1f}x sooner; load average now: {os.getloadavg()}")


if __name__ == "__main__":
    main()
