"""One picture file in, its upscaled file out: the step that the CLI batch and the window's batch share."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.images.reading import read_samples
from srcnn_gui.core.images.writing import save_bands
from srcnn_gui.core.inference.upscaler import CancelCheck, ProgressCallback, Upscaler


def upscale_file(
    upscaler: Upscaler,
    source: Path,
    target: Path,
    *,
    inputs: Collection[Path],
    overwrite: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> list[str]:
    """Read ``source``, upscale it and write ``target`` atomically with the source's metadata.

    The picture goes through in bands of rows (:meth:`Upscaler.upscale_bands`, :func:`save_bands`):
    memory holds the source's samples and one band, not the float picture in and out.

    ``inputs`` holds the resolved paths of every input of the batch: a target that would replace one
    is refused. Returns the notes made while reading (what was converted); raises :class:`SrcnnError`
    naming the file when something is wrong.
    """
    if target.resolve() in inputs:
        raise SrcnnError(f"{source}: the output {target} would replace an input; not written")
    picture = read_samples(source)
    height, width, channels = picture.pixels.shape
    bands = upscaler.upscale_bands(picture.pixels, progress, cancelled)
    shape = (height * upscaler.scale, width * upscaler.scale, channels)
    save_bands(target, bands, shape, overwrite=overwrite, metadata=picture.metadata)
    return list(picture.metadata.notes)
