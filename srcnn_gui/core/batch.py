"""One picture file in, its upscaled file out: the step that the CLI batch and the window's batch share."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from srcnn_gui.core.engine import CancelCheck, ProgressCallback, Upscaler
from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.imaging import read_image, save_image


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

    ``inputs`` holds the resolved paths of every input of the batch: a target that would replace one
    is refused. Returns the notes made while reading (what was converted); raises :class:`SrcnnError`
    naming the file when something is wrong.
    """
    if target.resolve() in inputs:
        raise SrcnnError(f"{source}: the output {target} would replace an input; not written")
    picture = read_image(source)
    result = upscaler.upscale(picture.pixels, progress, cancelled)
    save_image(target, result.srcnn, overwrite=overwrite, metadata=picture.metadata)
    return list(picture.metadata.notes)
