"""Any factor, any size: models run one after another, each at its own factor, then bicubic to the exact size.

:func:`~srcnn_gui.core.models.scales.serving_passes` says which trained scales serve a factor (and
why); a :class:`Serving` runs them. x2, x3 and x4 are one model at its own factor, computed exactly as
before and, file to file, in bands of rows. Every other factor or size runs its passes in memory (each
pass's result must fit :data:`~srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS`) and is then
reduced to the size asked for with antialiased bicubic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from srcnn_gui.core.errors import PictureTooLargeError
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.inference.tiling import DEFAULT_TILE_SIDE
from srcnn_gui.core.inference.upscaler import CancelCheck, ProgressCallback, Upscaler, UpscaleResult, resize_picture

Size = tuple[int, int]


@dataclass(frozen=True)
class Serving:
    """The upscalers that serve one factor, in the order they run; each enlarges by its model's scale."""

    passes: tuple[Upscaler, ...]

    @property
    def scale(self) -> int:
        """The factor the passes reach together (the size when none is asked for)."""
        return math.prod(upscaler.scale for upscaler in self.passes)

    def output_size(self, height: int, width: int, size: Size | None = None) -> Size:
        """The output ``(height, width)``: ``size`` if given, else the passes' own factor."""
        return (height * self.scale, width * self.scale) if size is None else size

    def _pass_sizes(self, height: int, width: int) -> list[Size]:
        sizes, factor = [], 1
        for upscaler in self.passes:
            factor *= upscaler.scale
            sizes.append((height * factor, width * factor))
        return sizes

    def _in_bands(self, height: int, width: int, size: Size) -> bool:
        # One model at exactly its own factor: the band-by-band path, equal to the whole-picture one.
        return len(self.passes) == 1 and size == self.passes[0].output_size(height, width)

    def count_tiles(self, height: int, width: int, size: Size | None = None) -> int:
        """How many tiles (progress steps) :meth:`upscale_bands` takes for an input of this size."""
        size = self.output_size(height, width, size)
        if self._in_bands(height, width, size):
            return self.passes[0].count_band_tiles(height, width)
        inputs = [(height, width), *self._pass_sizes(height, width)[:-1]]
        return sum(u.count_tiles(*u.output_size(h, w)) for u, (h, w) in zip(self.passes, inputs, strict=True))

    def upscale(self, image: np.ndarray, progress: ProgressCallback | None = None,
                cancelled: CancelCheck | None = None, *, size: Size | None = None) -> UpscaleResult:
        """Enlarge an internal-form picture to ``size``; bicubic straight to the size beside the models' result."""
        height, width = image.shape[:2]
        size = self.output_size(height, width, size)
        if self._in_bands(height, width, size):
            return self.passes[0].upscale(image, progress, cancelled)
        total, done = self.count_tiles(height, width, size), 0

        def overall(finished: int, _: int) -> None:
            if progress is not None:
                progress(done + finished, total)

        picture = image
        for upscaler in self.passes:
            tiles = upscaler.count_tiles(*upscaler.output_size(*picture.shape[:2]))
            picture = upscaler.upscale(picture, overall, cancelled).srcnn
            done += tiles
        srcnn = picture if picture.shape[:2] == size else resize_picture(picture, size)
        return UpscaleResult(bicubic=resize_picture(image, size), srcnn=srcnn)

    def upscale_bands(self, samples: np.ndarray, progress: ProgressCallback | None = None,
                      cancelled: CancelCheck | None = None, *, size: Size | None = None,
                      band: int = DEFAULT_TILE_SIDE) -> Iterator[np.ndarray]:
        """The SRCNN result of :meth:`upscale`, ``band`` rows at a time: in bounded memory at x2, x3 and x4."""
        height, width = samples.shape[:2]
        size = self.output_size(height, width, size)
        if self._in_bands(height, width, size):
            yield from self.passes[0].upscale_bands(samples, progress, cancelled, band)
            return
        try:
            result = self.upscale(samples_to_float(samples), progress, cancelled, size=size).srcnn
        except PictureTooLargeError as exc:
            raise PictureTooLargeError(f"{exc} (only x2, x3 and x4 go in bands; other factors and sizes are "
                                       "enlarged in memory)") from None
        for top in range(0, size[0], band):
            yield result[top : top + band]

    def upscale_luminance(self, low: np.ndarray, size: Size) -> np.ndarray:
        """A low-res luminance in [0, 1] enlarged to ``size`` by the passes, as :meth:`upscale` does colour.

        The benchmark's path (:func:`~srcnn_gui.core.evaluation.protocol.score_low_res`). At x2, x3 and
        x4 this is the literature's protocol, unclipped; otherwise each pass's result is clipped to
        [0, 1] as a picture's is before the next pass or the reduction.
        """
        if self._in_bands(*low.shape, size):
            return self.passes[0].upscale_luminance(low, size)
        y = low
        for upscaler in self.passes:
            y = np.clip(upscaler.upscale_luminance(y), 0.0, 1.0)
        return y if y.shape == size else imresize(y, size=size)
