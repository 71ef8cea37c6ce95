"""Any factor, any size: models run one after another, each at its own factor, then bicubic to the exact size.

:func:`~srcnn_gui.core.models.scales.serving_passes` says which trained scales serve a factor (and
why); a :class:`Serving` runs them. x2, x3 and x4 are one model at its own factor, computed exactly as
before. Every other factor or size runs its passes one after another and is then reduced to the size
asked for with antialiased bicubic: in memory (:meth:`Serving.upscale`, each pass's result within
:data:`~srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS`), or file to file and in the window's large
path in bands of rows (:meth:`Serving.upscale_bands`), each pass reading the previous one's bands as they
come (:class:`~srcnn_gui.core.inference.row_stream.RowStream`), the same pixels in bounded memory (but near
invisible pixels of a transparent picture: see :meth:`Serving.upscale_bands`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass

import numpy as np

from srcnn_gui.core.images.bicubic import imresize, source_rows
from srcnn_gui.core.inference.row_stream import RowStream
from srcnn_gui.core.inference.tiling import DEFAULT_TILE_SIDE
from srcnn_gui.core.inference.upscaler import (
    CancelCheck,
    ProgressCallback,
    Upscaler,
    UpscaleResult,
    resize_picture,
    resized_bands,
)

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

    def at_own_factor(self, height: int, width: int, size: Size) -> bool:
        """Whether ``size`` is one model at exactly its own factor: no second pass, no reduction (a large
        result can then be computed region by region)."""
        return len(self.passes) == 1 and size == self.passes[0].output_size(height, width)

    def count_tiles(self, height: int, width: int) -> int:
        """How many tiles (progress steps) :meth:`upscale` takes for an input of this size (at any output size:
        the passes run at their own factors)."""
        return sum(u.count_tiles(*u.output_size(h, w)) for u, (h, w) in self._pass_inputs(height, width))

    def count_band_tiles(self, height: int, width: int, band: int = DEFAULT_TILE_SIDE) -> int:
        """How many tiles (progress steps) :meth:`upscale_bands` takes for an input of this size (at any
        output size)."""
        return sum(u.count_band_tiles(h, w, band) for u, (h, w) in self._pass_inputs(height, width))

    def _pass_inputs(self, height: int, width: int) -> zip[tuple[Upscaler, Size]]:
        return zip(self.passes, [(height, width), *self._pass_sizes(height, width)[:-1]], strict=True)

    def upscale(self, image: np.ndarray, progress: ProgressCallback | None = None,
                cancelled: CancelCheck | None = None, *, size: Size | None = None) -> UpscaleResult:
        """Enlarge an internal-form picture to ``size``; bicubic straight to the size beside the models' result."""
        height, width = image.shape[:2]
        size = self.output_size(height, width, size)
        if self.at_own_factor(height, width, size):
            return self.passes[0].upscale(image, progress, cancelled)
        total, done = self.count_tiles(height, width), 0

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
                      band: int = DEFAULT_TILE_SIDE, first: int = 0) -> Iterator[np.ndarray]:
        """The SRCNN result of :meth:`upscale` (``samples``: the file's integers), ``band`` rows at a time, top
        to bottom from row ``first`` (a multiple of ``band``: the window starts where the view is), in bounded
        memory at any factor or size.

        Several passes or a reduction: each pass enlarges the previous one's bands as they come, and the
        last one's are reduced to ``size`` (:func:`~srcnn_gui.core.inference.upscaler.resize_picture_rows`).
        Every network runs in the thread that reads these bands; only the first pass prepares its bands
        ahead, in another (two networks at once would fight over torch's thread count).

        Opaque pictures get :meth:`upscale`'s values exactly. With transparency, an invisible pixel may take
        another visible pixel's colour in a band than in the whole picture (measured: one pass at its own
        factor, random alpha, visible pixels off by up to 0.005); a later pass reads those colours, so after
        two passes visible pixels next to invisible ones were off by up to 0.08.
        """
        height, width = samples.shape[:2]
        size = self.output_size(height, width, size)
        if self.at_own_factor(height, width, size):
            yield from self.passes[0].upscale_bands(samples, progress, cancelled, band, first=first)
            return
        total = self.count_band_tiles(height, width, band)
        done = [0] * len(self.passes)

        def counted(index: int) -> ProgressCallback:
            def count(finished: int, _: int) -> None:
                done[index] = finished
                if progress is not None:
                    progress(sum(done), total)
            return count

        starts = self._pass_starts(height, width, size, band, first)
        with ExitStack() as stack:
            picture: np.ndarray | RowStream = samples
            for index, (upscaler, (h, w)) in enumerate(self._pass_inputs(height, width)):
                bands = stack.enter_context(closing(upscaler.upscale_bands(picture, counted(index), cancelled, band,
                                                                           ahead=index == 0, first=starts[index])))
                picture = RowStream(bands, (*upscaler.output_size(h, w), samples.shape[2]), top=starts[index])
            # The last pass's bands as they are where it reaches the size (x6: x3 then x2), as upscale does.
            yield from bands if picture.shape[:2] == size else resized_bands(picture, size, band, first)

    def _pass_starts(self, height: int, width: int, size: Size, band: int, first: int) -> list[int]:
        """The band each pass of :meth:`upscale_bands` starts at for the result to start at row ``first``: the
        band holding the topmost row the next stage reads, back from the last stage to the first."""
        inputs = list(self._pass_inputs(height, width))
        last, (h, w) = inputs[-1]
        out_h = last.output_size(h, w)[0]
        row = first if out_h == size[0] else source_rows(out_h, size[0], first, min(size[0], first + band))[0]
        starts = []
        for upscaler, (h, w) in reversed(inputs):
            start = row // band * band
            starts.append(start)
            out_h = upscaler.output_size(h, w)[0]
            row = upscaler.first_input_row(h, w, start, min(out_h, start + band))
        return starts[::-1]

    def upscale_luminance(self, low: np.ndarray, size: Size) -> np.ndarray:
        """A low-res luminance in [0, 1] enlarged to ``size`` by the passes, as :meth:`upscale` does colour.

        The benchmark's path (:func:`~srcnn_gui.core.evaluation.protocol.score_low_res`). At x2, x3 and
        x4 this is the literature's protocol, unclipped; otherwise each pass's result is clipped to
        [0, 1] as a picture's is before the next pass or the reduction.
        """
        if self.at_own_factor(*low.shape, size):
            return self.passes[0].upscale_luminance(low, size)
        y = low
        for upscaler in self.passes:
            y = np.clip(upscaler.upscale_luminance(y), 0.0, 1.0)
        return y if y.shape == size else imresize(y, size=size)
