"""Writing the window's results: a whole picture at once, a large one streamed band by band from its cache.

A large result takes a while to encode (a 100-megapixel PNG, about a minute), so the window writes those
in a worker thread (:func:`save_task`) with progress and Cancel, as a batch is run; a cancel leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import CancelledError, ConfigError, SrcnnError
from srcnn_gui.core.images.formats import output_format, side_problem
from srcnn_gui.core.images.writing import save_bands, save_image
from srcnn_gui.core.jobs.batch import BatchSummary
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import LargeOutcome
from srcnn_gui.core.jobs.picture import UpscaleOutcome
from srcnn_gui.core.jobs.result_cache import SAVE_BAND_ROWS
from srcnn_gui.core.window.picture_queue import QueueEntry


def check_target(entry: QueueEntry, path: Path) -> UpscaleOutcome | LargeOutcome:
    """``entry``'s result, if it may be written to ``path``: there is one, ``path`` is not its original, and its
    format can hold the size (asked before a large result's save starts, not after a minute of encoding)."""
    if entry.outcome is None:
        raise ConfigError(f"{entry.name}: no result to save yet")
    if entry.path is not None and path.resolve() == entry.path.resolve():
        raise ConfigError(f"{path}: this is the original picture; choose another name.")
    problem = side_problem(output_format(path.suffix) or "", *entry.outcome.size)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    return entry.outcome


def write_outcome(outcome: UpscaleOutcome | LargeOutcome, path: Path, *, overwrite: bool,
                  control: JobControl | None = None, **encoding: int) -> None:
    """Write a result atomically with its file's metadata; a large one band by band (``control``: its progress
    and cancel); ``encoding``: the writers' options (``quality``, ``png_level``). A format that cannot hold the size
    is refused before anything is written."""
    if isinstance(outcome, LargeOutcome):
        bands = outcome.cache.bands()
        if control is not None:
            bands = _watched(bands, control, -(-outcome.cache.shape[0] // SAVE_BAND_ROWS))
        save_bands(path, bands, outcome.cache.shape, overwrite=overwrite, metadata=outcome.metadata, **encoding)
    else:
        save_image(path, outcome.result.srcnn, overwrite=overwrite, metadata=outcome.metadata, **encoding)


def save_task(targets: list[tuple[QueueEntry, Path]], *, overwrite: bool,
              **encoding: int) -> Callable[[JobControl], BatchSummary]:
    """Writing each ``(entry, path)`` for a worker thread; a failure is named and the others still written.

    Raises :class:`ConfigError` at once, before any work, for a target that :func:`check_target` refuses.
    """
    for entry, path in targets:
        check_target(entry, path)
    return partial(_save_all, [(entry, path) for entry, path in targets], overwrite, encoding)


def _save_all(targets: list[tuple[QueueEntry, Path]], overwrite: bool, encoding: dict[str, int],
              control: JobControl) -> BatchSummary:
    written, failures = [], []
    for entry, path in targets:
        try:
            write_outcome(check_target(entry, path), path, overwrite=overwrite, control=control, **encoding)
            written.append(path)
        except CancelledError:
            raise
        except SrcnnError as exc:
            failures.append(str(exc))
    return BatchSummary(written, failures, len(targets))


def _watched(bands: Iterable[np.ndarray], control: JobControl, total: int) -> Iterator[np.ndarray]:
    """``bands`` with progress after each and a cancel check before each (which leaves no file behind)."""
    for done, band in enumerate(bands, start=1):
        if control.is_cancelled():
            raise CancelledError("saving cancelled")
        yield band
        control.progress(done, total)
