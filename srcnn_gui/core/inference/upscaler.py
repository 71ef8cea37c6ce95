"""Inference: one small object owns the pipeline, in three visible stages.

1. *prepare*: split off alpha, upscale everything with bicubic, take the luminance;
2. *run*: the network refines the luminance, tile by tile (cut, run and stitched by
   :func:`~srcnn_gui.core.inference.tiling.run_tiled`: each tile read with the receptive-field radius of
   context from a once-padded image, so tiling changes nothing). A network that enlarges by itself
   (FSRCNN) reads the low-res luminance instead, its tiles cut in low-res space, each giving ``scale``
   times its size;
3. *finish*: luminance back into the bicubic chroma, alpha re-attached, values clipped.

On the CPU the tiles run in parallel, one per core, each single-threaded through
:class:`~srcnn_gui.core.inference.cpu_forward.CpuForward`: one thread per tile avoids a thread barrier per
layer, which on a busy machine waits for a descheduled thread (measured: 2-thread layers on
128-pixel tiles ran 5x slower than 1-thread tiles two at a time), and small tiles keep the feature
maps small. FSRCNN is the other way round: its tiles run one at a time on every core
(:class:`~srcnn_gui.core.inference.fsrcnn_forward.FsrcnnForward`), larger ones (384 low-res pixels): oneDNN's
single-threaded kernels for its 12-map layers are several times slower than its multi-threaded ones
(measured, 2 cores: 88 MP/s against 47-53 for two single-threaded tiles side by side, session 16). Other
devices run the model itself, tile after tile.

Progress is reported through a callback after each tile, and a cancel check before each tile stops
the work within one tile by raising :class:`CancelledError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch

from srcnn_gui.core.errors import ConfigError, PictureTooLargeError
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.bicubic import imresize, imresize_rows, source_rows
from srcnn_gui.core.images.colour import luminance, rgb_to_ycbcr, ycbcr_to_rgb
from srcnn_gui.core.images.pixels import fill_invisible, merge_alpha, premultiply, samples_to_float, split_alpha, unpremultiply
from srcnn_gui.core.inference import heap
from srcnn_gui.core.inference.computed_ahead import computed_ahead
from srcnn_gui.core.inference.cpu_forward import CpuForward
from srcnn_gui.core.inference.device import native_bf16, select_device
from srcnn_gui.core.inference.fsrcnn_forward import FsrcnnForward, bf16_suits
from srcnn_gui.core.inference.row_stream import RowStream
from srcnn_gui.core.inference.tiling import (
    DEFAULT_TILE_SIDE,
    DEFAULT_TILING,
    FSRCNN_TILE_INPUT_SIDE,
    Tiling,
    run_tiled,
    tile_boxes,
)
from srcnn_gui.core.inference.winograd import BLOCK
from srcnn_gui.core.models.border import extend_border
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.network import Network

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class UpscaleResult:
    """Both pictures the viewer compares, in the internal image form."""

    bicubic: np.ndarray
    srcnn: np.ndarray


class Upscaler:
    """Runs one model of the family (SRCNN or FSRCNN) on images of any size.

    ``tiling`` bounds the side of the luminance region fed to the network at once (see
    :mod:`srcnn_gui.core.inference.tiling`). ``half`` runs in fp16; by default only on CUDA. ``bf16`` runs the CPU path in bfloat16
    where it pays; by default where the CPU has native bf16 dot products: SRCNN's inner layers (see
    :mod:`srcnn_gui.core.inference.cpu_forward` for why the first and last stay float32), FSRCNN from x3 up (see
    :mod:`srcnn_gui.core.inference.fsrcnn_forward`). The CPU path
    copies the weights once, here: changing the model's weights later needs a new Upscaler.
    """

    def __init__(
        self,
        model: Network,
        scale: int,
        *,
        device: torch.device | str = "auto",
        tiling: Tiling = DEFAULT_TILING,
        half: bool | None = None,
        bf16: bool | None = None,
    ) -> None:
        self.device = device if isinstance(device, torch.device) else select_device(device)
        self.half = self.device.type == "cuda" if half is None else half
        self.dtype = torch.float16 if self.half else torch.float32
        self.model = model.eval().to(self.device, self.dtype)
        self.scale = scale
        self.tiling = tiling
        on_cpu = self.device.type == "cpu" and not self.half
        self.enlarges = model.enlarges
        # By default bf16 where the CPU computes it natively, and for FSRCNN only where it costs under 0.01 dB.
        suits = not self.enlarges or bf16_suits(self.model)
        self.bf16 = on_cpu and (native_bf16(self.device) and suits if bf16 is None else bf16)
        self._cpu_forward: CpuForward | FsrcnnForward | None = None
        if on_cpu:
            heap.keep_freed_memory()  # every layer allocates its maps afresh (see heap.py)
            self._cpu_forward = (FsrcnnForward(self.model, bf16=self.bf16) if self.enlarges
                                 else CpuForward(self.model, bf16=self.bf16))
        # SRCNN: one tile per core; FSRCNN: one tile at a time on every core (see the module notes).
        self._parallel_tiles = on_cpu and not self.enlarges
        # How much larger the network's output is than its input, and the tiles in input pixels.
        self._factor = model.input_factor
        self._input_tiling = self._network_tiling(tiling)
        # Tiles cut on the Winograd block grid, so tiling changes no pixel (tiling.tile_boxes).
        self._grid = BLOCK if self.method == "winograd" else 1

    def _network_tiling(self, tiling: Tiling) -> Tiling:
        """Tiles in the network's input pixels: the output tiles' side over the factor, or FSRCNN's own default."""
        if tiling.side is None:
            return tiling
        if self.enlarges and tiling.engine_default:
            return Tiling(FSRCNN_TILE_INPUT_SIDE)
        return Tiling(max(1, tiling.side // self._factor))

    @property
    def tile_side(self) -> int | None:
        """The side of the output tiles the network computes at once (``None``: the whole picture), for reports."""
        side = self._input_tiling.side
        return None if side is None else side * self._factor

    @classmethod
    def from_info(cls, info: ModelInfo, **kwargs: object) -> Upscaler:
        """Load a registry entry (see :mod:`srcnn_gui.core.models.files`) and wrap it."""
        model, info = load_model(info.path)
        return cls(model, info.scale, **kwargs)  # type: ignore[arg-type]

    @property
    def precision(self) -> str:
        """What the network computes in, for reports: ``fp32``, ``bf16`` (inner layers) or ``fp16``."""
        uses_bf16 = self._cpu_forward is not None and self._cpu_forward.uses_bf16
        return "fp16" if self.half else "bf16" if uses_bf16 else "fp32"

    @property
    def method(self) -> str:
        """How the CPU path runs the 5 x 5 middle layer, for reports: ``winograd`` or ``direct``; ``model`` elsewhere."""
        return "model" if self._cpu_forward is None else self._cpu_forward.method

    def count_tiles(self, height: int, width: int) -> int:
        """How many tiles (progress steps) an output of this size takes."""
        f = self._factor
        return len(tile_boxes(-(-height // f), -(-width // f), self._input_tiling, self._grid))

    def enhance_luminance(
        self,
        luminance: np.ndarray,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> np.ndarray:
        """Refine a bicubic-upscaled H x W luminance in [0, 1]; same size, float32, not clipped (SRCNN only:
        :meth:`upscale_luminance` serves both kinds of network)."""
        if self.enlarges:
            raise ConfigError(f"{self.model.name} enlarges the low-res picture itself; it refines no bicubic enlargement")
        r = self.model.radius
        return self._refine(extend_border(luminance.astype(np.float32, copy=False), r), progress, cancelled)

    def upscale_luminance(
        self,
        low: np.ndarray,
        size: tuple[int, int] | None = None,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> np.ndarray:
        """A low-res H x W luminance in [0, 1] enlarged to ``size`` (by default the model's scale); float32, not
        clipped. SRCNN refines its bicubic enlargement; FSRCNN enlarges it by its scale, then bicubic brings
        that to ``size`` where another size is asked for."""
        size = self.output_size(*low.shape, size)
        if not self.enlarges:
            return self.enhance_luminance(imresize(low, size=size), progress, cancelled)
        r = self.model.radius
        big = self._refine(extend_border(low.astype(np.float32, copy=False), r), progress, cancelled)
        return big if big.shape == size else imresize(big, size=size)

    def _refine(self, padded: np.ndarray, progress: ProgressCallback | None, cancelled: CancelCheck | None) -> np.ndarray:
        """The network on a luminance that carries ``radius`` pixels of context on every side; the output is
        ``factor`` times the inner part's size (1 for SRCNN, the scale for FSRCNN)."""
        r, f = self.model.radius, self._factor
        source = torch.from_numpy(np.ascontiguousarray(padded, dtype=np.float32))
        inner = (padded.shape[0] - 2 * r, padded.shape[1] - 2 * r)
        out = np.empty((inner[0] * f, inner[1] * f), dtype=np.float32)

        def network(patch: torch.Tensor) -> np.ndarray:
            with torch.inference_mode():
                if self._cpu_forward is not None:
                    return self._cpu_forward(patch).numpy()
                return self.model.forward_valid(patch[None, None].to(self.device, self.dtype))[0, 0].float().cpu().numpy()

        boxes = tile_boxes(*inner, self._input_tiling, self._grid)
        workers = min(torch.get_num_threads() if self._parallel_tiles else 1, len(boxes))
        threads = torch.get_num_threads()
        try:
            # One torch thread per worker: the parallelism is across tiles (see the module notes).
            run_tiled(network, source, out, r, boxes, workers=workers, progress=progress, cancelled=cancelled,
                      worker_setup=partial(torch.set_num_threads, 1), factor=f)
        finally:
            # torch.set_num_threads in a worker also sets the count that threads started later begin
            # with (a GUI worker, a training run): give them the caller's count back.
            torch.set_num_threads(threads)
        return out

    def output_size(self, height: int, width: int, size: tuple[int, int] | None = None) -> tuple[int, int]:
        """The output ``(height, width)``: ``size`` if given (any enlargement), else the model's scale."""
        return (height * self.scale, width * self.scale) if size is None else size

    def upscale(
        self,
        image: np.ndarray,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        *,
        size: tuple[int, int] | None = None,
    ) -> UpscaleResult:
        """Enlarge an internal-form image to ``size`` (height, width; by default by the model's scale).

        The model refines the bicubic enlargement whatever its factor, but it is only good at its own:
        :class:`~srcnn_gui.core.inference.serving.Serving` runs models at their own factors for any other.
        Returns bicubic and SRCNN versions. Raises :class:`PictureTooLargeError` when the result would exceed
        :data:`~srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS`: such pictures go through :meth:`upscale_bands`.
        """
        size = self.output_size(*image.shape[:2], size)
        self._check_fits_in_memory(*image.shape[:2], size)
        colour, alpha = split_alpha(image)
        bicubic_colour, big_alpha = _bicubic(colour, alpha, lambda a: imresize(a, size=size))
        if self.enlarges:
            low = luminance(self._seen_by_the_network(colour.astype(np.float32, copy=False), alpha))
            srcnn_colour = self._with_refined_luminance(
                bicubic_colour, lambda _: self.upscale_luminance(low, size, progress, cancelled)
            )
        else:
            srcnn_colour = self._with_refined_luminance(
                bicubic_colour, lambda y: self.enhance_luminance(y, progress, cancelled)
            )
        return UpscaleResult(
            bicubic=merge_alpha(np.clip(bicubic_colour, 0.0, 1.0), big_alpha),
            srcnn=merge_alpha(np.clip(srcnn_colour, 0.0, 1.0), big_alpha),
        )

    def _check_fits_in_memory(self, height: int, width: int, size: tuple[int, int]) -> None:
        out_h, out_w = size
        megapixels = out_h * out_w / 1e6
        if megapixels > limits.MAX_IN_MEMORY_MEGAPIXELS:
            raise PictureTooLargeError(
                f"{width} x {height} becomes {out_w} x {out_h} ({megapixels:.0f} megapixels) at x{out_w / width:.3g}, "
                f"too large to upscale in memory (the limit is {limits.MAX_IN_MEMORY_MEGAPIXELS:.0f}); upscale it file "
                "to file instead, which works in bands"
            )

    def count_band_tiles(self, height: int, width: int, band: int = DEFAULT_TILE_SIDE,
                         size: tuple[int, int] | None = None) -> int:
        """How many tiles (progress steps) :meth:`upscale_bands` takes for an input of this size."""
        out_h, out_w = self.output_size(height, width, size)
        if self.enlarges and (out_h, out_w) != self.output_size(height, width):
            return self.count_tiles(height * self.scale, width * self.scale)  # in memory (upscale_bands)
        return sum(self.count_tiles(self._band_rows(top, min(out_h, top + band)), out_w) for top in range(0, out_h, band))

    def _band_rows(self, start: int, stop: int) -> int:
        """Output rows the network computes for the band ``start:stop``: whole low-res rows for FSRCNN."""
        f = self._factor
        return (-(-stop // f) - start // f) * f

    def upscale_bands(
        self,
        samples: np.ndarray | RowStream,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        band: int = DEFAULT_TILE_SIDE,
        *,
        size: tuple[int, int] | None = None,
        ahead: bool = True,
        first: int = 0,
    ) -> Iterator[np.ndarray]:
        """The SRCNN result of :meth:`upscale` (to ``size``), ``band`` output rows at a time, top to bottom, from
        output row ``first`` (a multiple of ``band``; the rows above are not computed).

        ``samples`` are the file's integers (:func:`~srcnn_gui.core.images.reading.read_samples`), or a
        previous pass's result in the internal form (a :class:`~srcnn_gui.core.inference.row_stream.RowStream`);
        only the rows a band needs are turned into floats, so memory is bounded by the band, whatever the
        picture's size. Each band is computed from enough input rows around it (bicubic taps plus
        the network's radius) that it equals the same rows of :meth:`upscale`. One exception: in
        transparent regions larger than a band, invisible pixels may borrow a different visible
        colour (:func:`~srcnn_gui.core.images.pixels.unpremultiply` looks within the band only).
        With ``ahead`` the next band is prepared in a background thread while the network runs on this
        one; without, in this thread (where reading ``samples`` runs another network: one at a time).
        """
        height, width = samples.shape[:2]
        size = self.output_size(height, width, size)
        if self.enlarges and size != self.output_size(height, width):
            # FSRCNN at another size than its own: enlarged in memory, handed out in bands.
            result = self.upscale(samples_to_float(samples), progress, cancelled, size=size).srcnn
            for top in range(first, size[0], band):
                yield result[top : top + band]
            return
        total, done = self.count_band_tiles(height, width, band, size), 0

        def band_progress(finished: int, _: int) -> None:
            if progress is not None:
                progress(done + finished, total)

        starts = range(first, size[0], band)
        bands = (self.prepare_band(samples, start, min(size[0], start + band), size) for start in starts)
        # The next band's bicubic and colour conversion run in a thread while the network runs on this one.
        with closing(computed_ahead(bands, depth=1) if ahead else bands) as prepared:
            for start, ready in zip(starts, prepared, strict=True):
                yield self.finish_band(ready, self.network_band(ready, band_progress, cancelled))
                done += self.count_tiles(self._band_rows(start, min(size[0], start + band)), size[1])

    def prepare_band(self, samples: np.ndarray | RowStream, start: int, stop: int, size: tuple[int, int]) -> PreparedBand:
        """The first stage of output rows ``start:stop`` of :meth:`upscale_bands` (at the model's own size for
        FSRCNN): the input rows they need as floats, enlarged by bicubic, in YCbCr, and the network's input."""
        return (self._band_to_enlarge if self.enlarges else self._band_to_refine)(samples, start, stop, size)

    def network_band(self, band: PreparedBand, progress: ProgressCallback | None = None,
                     cancelled: CancelCheck | None = None) -> np.ndarray:
        """The second stage: the network's luminance for the band's rows."""
        return self._refine(band.network_input, progress, cancelled)[band.crop]

    def first_input_row(self, height: int, width: int, start: int, stop: int) -> int:
        """The topmost input row that output rows ``start:stop`` of :meth:`upscale_bands` read from an input of
        ``height`` x ``width`` at the model's own size (the bands after them read none above it)."""
        out_h = self.output_size(height, width)[0]
        if not self.enlarges:
            return source_rows(height, out_h, *self._refined_rows(start, stop, out_h))[0]
        return min(source_rows(height, out_h, start, stop)[0], self._low_rows(height, start, stop, read=True)[0])

    def _refined_rows(self, start: int, stop: int, out_h: int) -> tuple[int, int]:
        """The enlarged rows SRCNN's band ``start:stop`` needs: the band and the network's context around it."""
        r = self.model.radius
        return max(0, start - r), min(out_h, stop + r)

    def _low_rows(self, height: int, start: int, stop: int, *, read: bool = False) -> tuple[int, int]:
        """The low-res rows FSRCNN's band ``start:stop`` gives the network: those under it and the network's context;
        with ``read``, those it reads: as many rows again, from which invisible pixels are filled (fill_invisible)."""
        r, s = self.model.radius * (2 if read else 1), self.scale
        return max(0, start // s - r), min(height, -(-stop // s) + r)

    def _band_to_refine(self, samples: np.ndarray | RowStream, start: int, stop: int, size: tuple[int, int]) -> PreparedBand:
        """SRCNN's band ``start:stop``: bicubic from enough input rows for the network's context around it."""
        height, out_h, r = samples.shape[0], size[0], self.model.radius
        top, bottom = self._refined_rows(start, stop, out_h)
        first, last = source_rows(height, out_h, top, bottom)
        colour, alpha = split_alpha(samples_to_float(samples[first:last]))
        resize = partial(imresize_rows, band_top=first, in_height=height, size=size, start=top, stop=bottom)
        bicubic_colour, big_alpha = _bicubic(colour, alpha, resize)
        keep = slice(start - top, stop - top)
        colour = _to_ycbcr(bicubic_colour)
        # Beyond the picture's top and bottom the context is the picture mirrored (models/border.py), as in upscale.
        pad = ((r - (start - top), r - (bottom - stop)), (r, r))
        network_input = extend_border(colour[..., 0], pad)
        return PreparedBand(colour, None if big_alpha is None else big_alpha[keep], keep, network_input, slice(None))

    def _band_to_enlarge(self, samples: np.ndarray | RowStream, start: int, stop: int, size: tuple[int, int]) -> PreparedBand:
        """FSRCNN's band ``start:stop``: the low-res rows under it with the network's context, and its bicubic
        colour."""
        height, out_h, r, s = samples.shape[0], size[0], self.model.radius, self.scale
        first, last = source_rows(height, out_h, start, stop)
        colour, alpha = split_alpha(samples_to_float(samples[first:last]))
        resize = partial(imresize_rows, band_top=first, in_height=height, size=size, start=start, stop=stop)
        bicubic_colour, big_alpha = _bicubic(colour, alpha, resize)
        low_top, low_bottom = start // s, -(-stop // s)  # the low-res rows under the band
        above, below = self._low_rows(height, start, stop)
        first_read, last_read = self._low_rows(height, start, stop, read=True)
        read = self._seen_by_the_network(*split_alpha(samples_to_float(samples[first_read:last_read])))
        low = luminance(read[above - first_read : below - first_read])
        # Beyond the picture's top and bottom the context is the picture mirrored (models/border.py), as in upscale.
        padded = extend_border(low, ((r - (low_top - above), r - (below - low_bottom)), (r, r)))
        crop = slice(start - low_top * s, stop - low_top * s)
        return PreparedBand(_to_ycbcr(bicubic_colour), big_alpha, slice(None), padded, crop)

    def _seen_by_the_network(self, colour: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
        """The low-res colour FSRCNN reads: with alpha, invisible pixels within the network's reach of visible ones
        filled from them (:func:`~srcnn_gui.core.images.pixels.fill_invisible`), as bicubic's are for SRCNN."""
        return colour if alpha is None else fill_invisible(colour, alpha, self.model.radius)

    @staticmethod
    def finish_band(band: PreparedBand, refined: np.ndarray) -> np.ndarray:
        """The last stage: the network's luminance put back into the band's colour, clipped, alpha re-attached."""
        return merge_alpha(np.clip(_from_ycbcr(band.colour, refined, band.rows), 0.0, 1.0), band.alpha)

    @staticmethod
    def _with_refined_luminance(
        bicubic_colour: np.ndarray, refine: Callable[[np.ndarray], np.ndarray], rows: slice = slice(None)
    ) -> np.ndarray:
        """Colour whose luminance is ``refine(luminance)``; ``rows`` of the input that refine returns."""
        colour = _to_ycbcr(bicubic_colour)
        return _from_ycbcr(colour, refine(colour[..., 0]), rows)


@dataclass(frozen=True)
class PreparedBand:
    """One band of :meth:`Upscaler.upscale_bands` made ready for the network: ``colour`` (YCbCr, or grey) of its rows with any context, the
    ``rows`` of it the band keeps, its ``alpha`` (those rows), the network's input, and the ``crop`` of the
    network's output that is the band."""

    colour: np.ndarray
    alpha: np.ndarray | None
    rows: slice
    network_input: np.ndarray
    crop: slice


def _to_ycbcr(colour: np.ndarray) -> np.ndarray:
    """YCbCr of RGB colour; grey as it is (its own luminance)."""
    return colour if colour.shape[2] == 1 else rgb_to_ycbcr(colour)


def _from_ycbcr(colour: np.ndarray, luminance: np.ndarray, rows: slice) -> np.ndarray:
    """``rows`` of :func:`_to_ycbcr`'s ``colour`` with ``luminance`` as their Y, back in RGB (or grey)."""
    if colour.shape[2] == 1:
        return luminance[..., None]
    refined = colour[rows]
    refined[..., 0] = luminance
    return ycbcr_to_rgb(refined)


def _bicubic(
    colour: np.ndarray, alpha: np.ndarray | None, resize: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Bicubic colour (straight, not clipped) and alpha (clipped), resized by ``resize``."""
    colour = colour.astype(np.float32, copy=False)
    if alpha is None:
        return resize(colour), None
    big_alpha = np.clip(resize(alpha), 0.0, 1.0)
    # Resample premultiplied colour, so invisible pixels (often black) leave no dark halo.
    return unpremultiply(resize(premultiply(colour, alpha)), big_alpha), big_alpha


def resize_picture(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """An internal-form picture resized by bicubic to ``size`` (height, width), alpha as :meth:`Upscaler.upscale` treats it."""
    colour, big_alpha = _bicubic(*split_alpha(image), lambda a: imresize(a, size=size))
    return merge_alpha(np.clip(colour, 0.0, 1.0), big_alpha)


def resize_picture_rows(source: np.ndarray | RowStream, size: tuple[int, int], start: int, stop: int) -> np.ndarray:
    """Rows ``start:stop`` of :func:`resize_picture` of ``source`` (file integers, the internal form or a
    :class:`RowStream`), from the rows of it they need: equal to the whole picture's, but for invisible pixels
    of transparent regions larger than the rows (see :meth:`Upscaler.upscale_bands`)."""
    height = source.shape[0]
    first, last = source_rows(height, size[0], start, stop)
    resize = partial(imresize_rows, band_top=first, in_height=height, size=size, start=start, stop=stop)
    colour, big_alpha = _bicubic(*split_alpha(samples_to_float(source[first:last])), resize)
    return merge_alpha(np.clip(colour, 0.0, 1.0), big_alpha)


def resized_bands(source: np.ndarray | RowStream, size: tuple[int, int], band: int = DEFAULT_TILE_SIDE,
                  first: int = 0) -> Iterator[np.ndarray]:
    """:func:`resize_picture` of ``source``, ``band`` rows at a time, top to bottom from row ``first``
    (:func:`resize_picture_rows`)."""
    for start in range(first, size[0], band):
        yield resize_picture_rows(source, size, start, min(size[0], start + band))
