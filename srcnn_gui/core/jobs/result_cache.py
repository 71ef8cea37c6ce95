"""A large result kept on disk while the window shows it: never the whole float picture in memory.

Both pictures the viewer compares (bicubic and the network's) are stored as the integers a saved file
holds (8 or 16 bits, as the source), in ``.npy`` files mapped into memory, in a folder of the user's
cache (:func:`~srcnn_gui.core.paths.result_cache_dir`). Beside the full pictures (level 0) are reduced
levels, each half the size of the one before, down to about a screen: a zoomed-out view reads a
level, not the whole picture. Evaluating, a third picture sits beside them, with its levels: the original
(:meth:`ResultCache.add_original`), the samples the scores were computed against. It is kept here rather
than in memory because it is as large as either of the other two: for an 8000 x 6000 photo, 137 MiB of 8-bit
samples the window would otherwise hold for as long as it shows the result (and reduce again for every
zoomed-out paint); on disk, with its levels, it makes the cache 547 MiB instead of 365, and only the part on
screen is ever read back. Regions arrive in any order (:meth:`ResultCache.write`); until one
has, the smallest level holds a preview computed from a reduced input (:meth:`ResultCache.fill_preview`;
only there: filling the larger levels too took 16 s for a 108-megapixel result), and
:meth:`ResultCache.is_done` tells which regions the other levels hold.

The folder is removed by :meth:`ResultCache.remove` (a cancel, a picture leaving the queue, quitting);
one a crashed run left behind is removed at the next start (:func:`remove_stale_caches`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from srcnn_gui.core.atomic import remove_abandoned_temporaries, temporary_folder
from srcnn_gui.core.images.pixels import samples_to_float, to_uint8, to_uint16
from srcnn_gui.core.inference.upscaler import UpscaleResult
from srcnn_gui.core.jobs.region_plan import Box
from srcnn_gui.core.paths import result_cache_dir

PICTURES = ("bicubic", "srcnn")
ORIGINAL = "original"  # evaluating: the mod-cropped ground truth, as the scores read it
SMALLEST_LEVEL_SIDE = 1024  # reduced levels stop once the longest side is about a screen's
MAX_LEVEL = 7  # regions are multiples of 2**7 output pixels (region_plan.REGION_OUTPUT_SIDE)
SAVE_BAND_ROWS = 256


class ResultCache:
    """The bicubic and network results of one picture, shape ``(height, width, channels)`` of ``dtype``,
    computed in ``regions`` (output boxes)."""

    def __init__(self, shape: tuple[int, int, int], dtype: type, regions: list[Box], root: Path | None = None) -> None:
        self.shape = shape
        self.dtype = np.dtype(dtype)
        self.regions = regions
        self.folder = temporary_folder(root or result_cache_dir())
        self._done = [False] * len(regions)
        self.levels: list[dict[str, np.ndarray]] = []
        height, width, channels = shape
        level = 0
        while True:
            size = (-(-height // 2**level), -(-width // 2**level), channels)
            self.levels.append({name: np.lib.format.open_memmap(self.folder / f"{name}-{level}.npy", mode="w+",
                                                                 dtype=self.dtype, shape=size) for name in PICTURES})
            if max(size[:2]) <= SMALLEST_LEVEL_SIDE or level == MAX_LEVEL:
                break
            level += 1

    def _samples(self, picture: np.ndarray) -> np.ndarray:
        return to_uint16(picture) if self.dtype == np.uint16 else to_uint8(picture)

    @property
    def smallest(self) -> int:
        """The smallest level's number: the one that holds the preview where regions have not arrived."""
        return len(self.levels) - 1

    def fill_preview(self, preview: UpscaleResult) -> None:
        """Reduced results (any size) to stand in at the smallest level until the regions arrive."""
        level = self.levels[self.smallest]
        for name in PICTURES:
            target = level[name]
            resized = cv2.resize(getattr(preview, name), (target.shape[1], target.shape[0]), interpolation=cv2.INTER_AREA)
            target[...] = self._samples(resized).reshape(target.shape)

    def write(self, index: int, result: UpscaleResult) -> None:
        """Region ``index``'s results (the full-size pixels of its box), and their reductions at every level."""
        box = self.regions[index]
        for name in PICTURES:
            self._put(name, box, self._samples(getattr(result, name)))
        self._done[index] = True

    def add_original(self) -> None:
        """Room at every level for the original picture (evaluating), which :meth:`write_original` fills."""
        for level, pictures in enumerate(self.levels):
            pictures[ORIGINAL] = np.lib.format.open_memmap(self.folder / f"{ORIGINAL}-{level}.npy", mode="w+",
                                                           dtype=self.dtype, shape=pictures["srcnn"].shape)

    @property
    def has_original(self) -> bool:
        """Whether the cache holds the original picture (:meth:`add_original`)."""
        return bool(self.levels) and ORIGINAL in self.levels[0]

    def write_original(self, top: int, rows: np.ndarray) -> None:
        """Full-width rows of the original (a file's integers or the internal form) from row ``top``, a multiple of
        ``2**MAX_LEVEL`` so that every level takes whole pixels, stored as the cache's samples at every level."""
        self._put(ORIGINAL, Box(top, 0, top + rows.shape[0], self.shape[1]), self._samples(samples_to_float(rows)))

    def _put(self, name: str, box: Box, samples: np.ndarray) -> None:
        """Full-size ``samples`` of picture ``name`` into ``box``, and their reductions at every level."""
        self.levels[0][name][box.top:box.bottom, box.left:box.right] = samples
        for level, pictures in enumerate(self.levels[1:], start=1):
            step = 2**level
            top, left = box.top // step, box.left // step
            bottom, right = -(-box.bottom // step), -(-box.right // step)
            reduced = cv2.resize(samples, (right - left, bottom - top), interpolation=cv2.INTER_AREA)
            pictures[name][top:bottom, left:right] = reduced.reshape(bottom - top, right - left, -1)

    def is_done(self, index: int) -> bool:
        """Whether region ``index``'s full-size pixels are in."""
        return self._done[index]

    def level_for(self, zoom: float) -> int:
        """The coarsest level that still has a pixel for every screen pixel at ``zoom`` (screen pixels per
        full-size pixel)."""
        level = 0
        while level + 1 < len(self.levels) and 2 ** (level + 1) * zoom <= 1.0:
            level += 1
        return level

    def read(self, name: str, level: int, box: Box) -> np.ndarray:
        """The samples of picture ``name`` in ``box`` (that level's pixels), a copy."""
        return np.array(self.levels[level][name][box.top:box.bottom, box.left:box.right])

    def bands(self, rows: int = SAVE_BAND_ROWS) -> Iterator[np.ndarray]:
        """The network's result top to bottom, ``rows`` at a time, in the internal form (for saving)."""
        full = self.levels[0]["srcnn"]
        for top in range(0, self.shape[0], rows):
            yield samples_to_float(np.asarray(full[top:top + rows]))

    def remove(self) -> None:
        """Delete the folder; the cache cannot be read afterwards."""
        self.levels = []
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_stale_caches(root: Path | None = None) -> list[Path]:
    """Remove the cache folders of runs that ended without removing them (a crash, a kill); the ones removed."""
    return remove_abandoned_temporaries(root or result_cache_dir())
