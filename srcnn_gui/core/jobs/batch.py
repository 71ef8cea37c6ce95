"""The one batch engine: a planned batch (:mod:`~srcnn_gui.core.jobs.batch_plan`) run file by file, in bands.

The CLI's ``upscale``, the window's *Batch a folder…* and its *Upscale to file…* all run
:func:`run_batch`. Whatever goes wrong with one picture is that picture's failure, named in the
summary, and the batch goes on. An output that exists is never replaced unless asked; when it is this
batch's own result from an earlier run (the resume record, :mod:`~srcnn_gui.core.jobs.run_record`) it
counts as done. Progress, the file being worked on, each file's outcome and cancel go through the
:class:`~srcnn_gui.core.jobs.control.JobControl`, so a worker thread and a terminal read the same events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from srcnn_gui.core.atomic import remove_abandoned_temporaries
from srcnn_gui.core.errors import CancelledError, SrcnnError, failure_message
from srcnn_gui.core.file_kinds import file_identity
from srcnn_gui.core.images.formats import NO_ALPHA_FORMATS, output_format
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL
from srcnn_gui.core.images.reading import has_transparency
from srcnn_gui.core.images.writing import DEFAULT_QUALITY
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.jobs.batch_plan import BatchPlan, PlannedFile
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.run_record import RunRecord
from srcnn_gui.core.progress import counted

# Progress counts files in thousandths, so one large file moves the bar too.
PER_FILE = 1000


@dataclass(frozen=True)
class BatchStarted:
    """Reported first: how many files will run and how many temporaries of interrupted runs were removed."""

    count: int
    removed_temporaries: int


@dataclass(frozen=True)
class BatchFile:
    """Reported as each file starts: the ``index``-th (from 0) of ``count``, and where its result goes."""

    index: int
    count: int
    source: Path
    target: Path


class Outcome(Enum):
    """How one file of a batch ended."""

    WRITTEN = "written"
    DONE_BEFORE = "done before"  # this batch's result from an earlier run, found and kept
    FAILED = "failed"


@dataclass(frozen=True)
class BatchNote:
    """Reported last, however the batch ends: something to say once about the whole batch (its resume record
    could not be read whole or saved)."""

    text: str


@dataclass(frozen=True)
class FileOutcome:
    """Reported as each file ends: how, the notes made while reading it, or the message naming what went wrong."""

    file: PlannedFile
    outcome: Outcome
    notes: tuple[str, ...] = ()
    problem: str = ""
    flattened: bool = False  # its transparent areas were filled with white: the output's format has no alpha


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did: the files written, for each failure (refused in planning or failed in the run) a message
    naming the file, the pictures asked for, and how many were found done by an earlier run."""

    written: list[Path]
    failures: list[str]
    total: int
    done_before: int = 0
    flattened: int = 0  # how many written had transparency that their format could not keep (filled with white)


@dataclass
class _Tally:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    done_before: int = 0
    flattened: int = 0


def run_batch(plan: BatchPlan, control: JobControl, *, overwrite: bool = False, quality: int = DEFAULT_QUALITY,
              png_level: int = DEFAULT_PNG_LEVEL, tiles: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Upscale each file of ``plan``; ``overwrite`` replaces existing outputs (inputs never), ``quality`` is a
    JPEG or WebP output's, ``png_level`` a PNG's deflate level (0-9).

    ``control.report`` gets a :class:`BatchStarted`, then per file a :class:`BatchFile` as it starts and a
    :class:`FileOutcome` as it ends; ``control.progress(done, total)`` counts files in thousandths
    (:data:`PER_FILE`), tile by tile; ``tiles(done, total)``, if given, the current file's tiles.
    ``control.is_cancelled`` is asked before each file and between tiles: a cancel raises
    :class:`CancelledError`, outputs finished are kept and none is left half-written. Last, however the
    batch ends, a :class:`BatchNote` for each thing to say about its resume record.
    """
    folders = {planned.target.parent for planned in plan.files}
    removed = sum(len(remove_abandoned_temporaries(folder)) for folder in folders)
    control.report(BatchStarted(len(plan.files), removed))
    record = None if plan.record_folder is None else RunRecord(plan.record_folder, plan.settings, plan.record_name)
    tally = _Tally(failures=list(plan.problems))
    count, total = len(plan.files), len(plan.files) * PER_FILE
    try:
        for index, planned in enumerate(plan.files):
            if control.is_cancelled():
                raise CancelledError(f"batch cancelled after {index} of {count} files")

            def on_tiles(finished: int, of: int, index: int = index) -> None:
                control.progress(index * PER_FILE + finished * PER_FILE // of, total)
                if tiles is not None:
                    tiles(finished, of)

            control.report(BatchFile(index, count, planned.source, planned.target))
            outcome = _run_file(plan, planned, record, control, on_tiles, overwrite=overwrite, quality=quality,
                                png_level=png_level)
            if outcome.outcome is Outcome.WRITTEN:
                tally.written.append(planned.target)
                tally.flattened += outcome.flattened
            elif outcome.outcome is Outcome.DONE_BEFORE:
                tally.done_before += 1
            else:
                tally.failures.append(outcome.problem)
            control.progress((index + 1) * PER_FILE, total)
            control.report(outcome)
    finally:  # also when cancelled: "run it again to go on" is no advice where the record could not be saved
        for note in [] if record is None else record.notes(plan.remedies.exists):
            control.report(BatchNote(note))
    return BatchSummary(tally.written, tally.failures, plan.total, tally.done_before, tally.flattened)


def _run_file(plan: BatchPlan, planned: PlannedFile, record: RunRecord | None, control: JobControl,
              on_tiles: Callable[[int, int], None], *, overwrite: bool, quality: int, png_level: int) -> FileOutcome:
    source, target = planned.source, planned.target
    try:
        if not overwrite and file_identity(target) not in plan.inputs and target.exists():
            if record is not None and record.is_done(source, target):
                return FileOutcome(planned, Outcome.DONE_BEFORE)
            # Without a record (no output folder, one file) nothing says whose file it is.
            whose = "" if record is None else f" and is not recorded as this command's result for {source}"
            raise SrcnnError(f"{target}: already exists{whose} (kept; {plan.remedies.exists})")
        recorded = None if record is None else functools.partial(record.add, source, target)
        notes = upscale_file(planned.choice.upscaler, source, target, inputs=plan.inputs, size=plan.size,
                             overwrite=overwrite, progress=on_tiles, cancelled=control.is_cancelled, quality=quality,
                             png_level=png_level, published=recorded)
    except CancelledError:
        raise
    except Exception as exc:  # whatever goes wrong with one picture is that picture's failure
        return FileOutcome(planned, Outcome.FAILED, problem=failure_message(source, exc, target))
    flattened = output_format(target.suffix) in NO_ALPHA_FORMATS and has_transparency(source)
    return FileOutcome(planned, Outcome.WRITTEN, tuple(notes), flattened=flattened)


def flattened_note(count: int) -> str:
    """What to say once per batch when ``count`` results lost their transparency to a format without it."""
    return (f"{counted(count, 'picture')} had transparent areas, filled with white: JPEG and BMP cannot keep transparency "
            "(PNG, WebP and TIFF can)")
