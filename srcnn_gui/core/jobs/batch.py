"""A batch of files upscaled file to file, in bands (any size): a bad file is reported and the batch goes on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.errors import CancelledError, ConfigError, SrcnnError
from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.writing import DEFAULT_QUALITY
from srcnn_gui.core.inference.file_to_file import file_factor, upscale_file
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.models.files import ModelInfo

# Progress counts files in thousandths, so one large file moves the bar too.
PER_FILE = 1000


@dataclass(frozen=True)
class BatchFile:
    """The file a batch is on: the ``index``-th (from 0) of ``count``, and where its result goes."""

    index: int
    count: int
    source: Path
    target: Path


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did: files written and, for each failure, a message naming the file."""

    written: list[Path]
    failures: list[str]
    total: int


def upscale_files(pairs: list[tuple[Path, Path]], model: ModelInfo | None, device: str, control: JobControl, *,
                  overwrite: bool = False, size: OutputSize | None = None, quality: int = DEFAULT_QUALITY) -> BatchSummary:
    """Upscale each ``(source, target)`` pair to ``size`` (default: the model's scale); progress in thousandths of files,
    and a :class:`BatchFile` to ``control.report`` as each file starts.

    ``model`` runs the first pass (None: the best for each picture's factor, see :class:`ModelChooser`).
    """
    if size is None:
        if model is None:
            raise ConfigError("name a model or an output size")
        size = OutputSize(factor=model.scale)
    chooser = ModelChooser(size.factor or 2, NO_DENOISE, model=model, device=device)  # sizes: a factor per file
    written, failures = [], []
    inputs = {source.resolve() for source, _ in pairs}
    total = len(pairs) * PER_FILE
    for done, (source, target) in enumerate(pairs):
        if control.is_cancelled():
            raise CancelledError(f"batch cancelled after {done} of {len(pairs)} files")

        def tiles(finished: int, count: int, done: int = done) -> None:
            control.progress(done * PER_FILE + finished * PER_FILE // count, total)

        control.report(BatchFile(done, len(pairs), source, target))
        try:
            upscaler = chooser.choose(None, file_factor(source, size)).upscaler
            upscale_file(upscaler, source, target, inputs=inputs, size=size, overwrite=overwrite,
                         progress=tiles, cancelled=control.is_cancelled, quality=quality)
            written.append(target)
        except CancelledError:
            raise
        except SrcnnError as exc:
            failures.append(str(exc))
        control.progress((done + 1) * PER_FILE, total)
    return BatchSummary(written, failures, len(pairs))
