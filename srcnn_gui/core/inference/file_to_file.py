"""One picture file in, its upscaled file out: the step that the CLI batch and the window's batch share."""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import closing
from pathlib import Path

from srcnn_gui.core.errors import ConfigError, SrcnnError
from srcnn_gui.core.file_kinds import file_identity
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL
from srcnn_gui.core.images.reading import read_samples, read_size
from srcnn_gui.core.images.writing import DEFAULT_QUALITY, save_bands
from srcnn_gui.core.inference.computed_ahead import computed_ahead
from srcnn_gui.core.inference.serving import Serving
from srcnn_gui.core.inference.upscaler import CancelCheck, ProgressCallback, Upscaler
from srcnn_gui.core.models.scales import check_factor, picture_factor


def file_factor(source: Path, size: OutputSize) -> float:
    """The factor that brings ``source`` to ``size`` (read from its header); :class:`ConfigError` naming the
    file when it is not an enlargement we offer."""
    if size.factor is not None:
        return check_factor(size.factor)
    height, width = read_size(source)
    try:
        return picture_factor(size, height, width)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def upscale_file(
    upscaler: Serving | Upscaler,
    source: Path,
    target: Path,
    *,
    inputs: Collection[Path],
    size: OutputSize | None = None,
    overwrite: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    quality: int = DEFAULT_QUALITY,
    png_level: int = DEFAULT_PNG_LEVEL,
    published: Callable[[], None] | None = None,
) -> list[str]:
    """Read ``source``, upscale it and write ``target`` atomically with the source's metadata.

    The picture goes through in bands of rows (:meth:`Upscaler.upscale_bands`, :func:`save_bands`):
    memory holds the source's samples and a few bands, not the float picture in and out. The bands are
    computed in a background thread while this one encodes and writes the last (:func:`computed_ahead`).

    ``size`` is the output size asked for (by default the model's scale); the result is exactly
    ``size.pixels(height, width)``. ``inputs`` holds every input of the batch
    (:func:`~srcnn_gui.core.file_kinds.file_identity`): a target that would replace one is refused. Returns the notes made while reading (what was converted); raises :class:`SrcnnError`
    naming the file when something is wrong. ``quality`` is a JPEG or WebP target's, ``png_level`` a PNG's
    deflate level (0-9). ``published`` runs as the result takes its name, in one step a Ctrl-C does not cut
    (a batch records the result there, so that a stop never leaves one its resume record does not list).
    """
    if file_identity(target) in inputs:
        raise SrcnnError(f"{source}: the output {target} would replace an input; not written")
    picture = read_samples(source)
    height, width, channels = picture.pixels.shape
    out_size = None if size is None else size.pixels(height, width)
    bands = upscaler.upscale_bands(picture.pixels, progress, cancelled, size=out_size)
    shape = (*upscaler.output_size(height, width, out_size), channels)
    # Closed here, whatever stops the writer: left to the garbage collector, bands computed ahead of a stopped
    # write ran on into the interpreter's exit, which aborted (tests/core/inference/test_file_to_file.py).
    with closing(computed_ahead(bands)) as ahead:
        save_bands(target, ahead, shape, overwrite=overwrite, metadata=picture.metadata, quality=quality,
                   png_level=png_level, published=published)
    return list(picture.metadata.notes)
