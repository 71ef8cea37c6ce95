"""``srcnn-gui upscale``: the arguments of a batch and its display in the terminal; the batch engine does the rest.

The batch is planned whole (:func:`~srcnn_gui.core.jobs.batch_plan.plan_batch`: each picture's models
and output, collisions refused before anything is written) and run by
:func:`~srcnn_gui.core.jobs.batch.run_batch`, the engine the window's batch runs too. This module
shows its progress (a tqdm bar in a terminal; one line per picture into a pipe or a log) and lists what
went wrong at the end.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from srcnn_gui.cli.options import (
    add_model_options,
    add_size_options,
    checked_by,
    model_chooser,
    named_model,
    output_size,
    parsed_by,
    print_problems,
)
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN, check_pattern, fields_help
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, parse_png_level
from srcnn_gui.core.jobs.batch_inputs import collect_items, sort_inputs
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.jobs.shards import parse_shard, record_name, shard_items
from srcnn_gui.core.progress import already_done, counted

if TYPE_CHECKING:  # the batch engine loads torch: imported where a batch runs
    from srcnn_gui.core.jobs.batch import BatchFile, FileOutcome

PATTERN_HELP = f"output name; fields {fields_help()}; its extension picks the format (default: {DEFAULT_PATTERN})"
RESUME_HELP = (
    "Pictures found in a folder keep their place below it under -o. Each output appears only once complete. "
    "After an interruption (Ctrl-C, kill) run the same command again: the outputs it finished are recorded in "
    f"OUTPUT/{RECORD_NAME} and skipped as done; an existing file that is not its result for that picture "
    "(another command's, or the picture changed since) is kept and reported unless --overwrite."
)
SHARD_HELP = ("run only the K-th (from 0) of N disjoint shares of the pictures, chosen by a hash of each picture's "
              "path below its folder: N runs with K = 0..N-1 (an array job) do every picture once; each keeps its "
              "own resume record")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``upscale`` sub-command."""
    up = sub.add_parser("upscale", help="upscale files or folders of images", epilog=RESUME_HELP)
    up.add_argument("inputs", nargs="+", type=Path, help="image files or folders (searched recursively)")
    up.add_argument("-o", "--output", type=Path,
                    help="output folder (default: each result beside its original, photo.jpg -> photo_srcnn_x3.png; "
                         "a folder's into a folder beside it, photos -> photos_srcnn_x3)")
    add_size_options(up)
    up.add_argument("--pattern", default=DEFAULT_PATTERN, type=pattern, help=PATTERN_HELP)
    up.add_argument("--overwrite", action="store_true", help="replace existing outputs (inputs are never replaced)")
    up.add_argument("--shard", type=parsed_by(parse_shard), metavar="K/N", help=SHARD_HELP)
    up.add_argument("--png-level", type=png_level, default=DEFAULT_PNG_LEVEL, metavar="0-9",
                    help=f"PNG compression: 0 none (fastest, largest) to 9 smallest (default: {DEFAULT_PNG_LEVEL})")
    add_model_options(up)


def cmd_upscale(args: argparse.Namespace) -> int:
    """Upscale the inputs into the output folder; 0 when all went well, 1 with failures, 130 interrupted."""
    size = output_size(args)
    named = named_model(args)  # an unknown name is refused now, before torch loads
    return run_upscale(args, size, lambda: model_chooser(args, size.factor, named))


# --pattern: only documented fields, a file name with an extension we write.
pattern = checked_by(check_pattern)
png_level = parsed_by(parse_png_level)


class _TileBar:
    """The current picture's tiles as a bar, shown for pictures of 4 tiles or more (only they take long)."""

    def __init__(self) -> None:
        self.name = ""
        self._bar = None

    def start(self, name: str) -> None:
        self.name, self._bar = name, None

    def update(self, done: int, total: int) -> None:
        from tqdm import tqdm

        if total < 4:
            return
        if self._bar is None:
            self._bar = tqdm(total=total, unit="tile", desc=self.name, leave=False, file=sys.stderr)
        self._bar.update(done - self._bar.n)
        if done == total:
            self._bar.close()


class _BarDisplay:
    """Progress in a terminal: a bar of pictures, and one of tiles for a large picture."""

    def __init__(self, count: int, label: str) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=count, unit="image", desc=f"x{label}", file=sys.stderr)
        self._tiles = _TileBar()

    def say(self, line: str) -> None:
        self._bar.write(line, file=sys.stderr)

    def started(self, started: BatchFile) -> None:
        self._tiles.start(started.source.name)

    def tiles(self, done: int, total: int) -> None:
        self._tiles.update(done, total)

    def ended(self, outcome: FileOutcome) -> None:
        self._bar.update(1)

    def close(self) -> None:
        self._bar.close()


class _LineDisplay:
    """Progress where stderr is no terminal (a pipe, a log file): one line per picture, no bar frames."""

    def __init__(self, count: int, label: str) -> None:
        self._count = count

    def say(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def started(self, started: BatchFile) -> None:
        self._index = started.index

    def tiles(self, done: int, total: int) -> None:
        """Tiles are not shown: a line per tile would bury the pictures."""

    def ended(self, outcome: FileOutcome) -> None:
        planned = outcome.file
        what = "failed (listed at the end)" if outcome.problem else f"-> {planned.target}"
        self.say(f"[{self._index + 1}/{self._count}] {planned.source} {what}")

    def close(self) -> None:
        """Nothing to close: every line is already out."""


def run_upscale(args: argparse.Namespace, size: OutputSize, make_chooser: Callable[[], object]) -> int:
    """Upscale ``args.inputs`` into ``args.output`` (None: beside the originals) with the models of
    ``make_chooser()`` (a :class:`~srcnn_gui.core.inference.model_choice.ModelChooser`); 0 when all went well,
    1 with failures, 130 interrupted."""
    collected, problems = collect_items(args.inputs, args.output)
    inputs = sort_inputs(collected, args.output, size.label(), args.pattern)
    for line in [*inputs.repeats, inputs.results_note()]:
        if line:
            print(f"note: {line}", file=sys.stderr)
    items = inputs.pictures if args.shard is None else shard_items(inputs.pictures, args.shard)
    if not items:  # nothing to upscale: say why at once, before torch and a model load
        return _report(args.output, [], 0, 0, problems)
    from srcnn_gui.core.jobs.batch import BatchFile, BatchNote, BatchStarted, FileOutcome, Outcome, flattened_note, run_batch
    from srcnn_gui.core.jobs.batch_plan import plan_batch
    from srcnn_gui.core.jobs.control import JobControl

    plan = replace(plan_batch(items, args.output, make_chooser(), size, pattern=args.pattern,
                              results=[item.source for item in inputs.results]),
                   record_name=record_name(args.shard))
    display = (_BarDisplay if sys.stderr.isatty() else _LineDisplay)(len(plan.files), size.label())
    written: list[Path] = []
    done_before = 0
    failed: list[str] = []  # so far: an interrupted run still lists them
    notes: list[str] = []  # about the whole batch, said at the end

    def show(report: object) -> None:
        nonlocal done_before
        if isinstance(report, BatchStarted) and report.removed_temporaries:
            display.say(f"removed {report.removed_temporaries} temporary file(s) left by an interrupted run")
        elif isinstance(report, BatchFile):
            display.started(report)
        elif isinstance(report, BatchNote):
            notes.append(report.text)
        elif isinstance(report, FileOutcome):
            display.ended(report)
            if report.outcome is Outcome.WRITTEN:
                written.append(report.file.target)
            elif report.outcome is Outcome.DONE_BEFORE:
                done_before += 1
            else:
                failed.append(report.problem)
            if report.outcome is Outcome.WRITTEN and report.file.quality is not None:  # say which model its quality chose
                choice = report.file.choice
                display.say(f"{report.file.source.name}: {choice.info.name} ({choice.reason})")
            for note in report.notes:
                display.say(f"note: {report.file.source}: {note}")

    try:
        try:
            summary = run_batch(plan, JobControl(report=show), overwrite=args.overwrite, png_level=args.png_level,
                                tiles=display.tiles)
        finally:
            display.close()  # whatever ends the batch, the bar goes before the last words
    except KeyboardInterrupt:
        _say_notes(notes)
        _report(args.output, written, done_before, plan.total, problems + plan.problems + failed)
        print("interrupted: finished outputs are kept and no partial file is left; run the same command again "
              "to go on", file=sys.stderr)
        return 130
    if summary.flattened:
        notes.insert(0, flattened_note(summary.flattened))
    _say_notes(notes)
    return _report(args.output, summary.written, summary.done_before, summary.total, problems + summary.failures)


def _say_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def _report(output: Path | None, written: list[Path], done: int, total: int, failures: list[str]) -> int:
    earlier = already_done(done, "this command")
    if output is not None:
        print(f"wrote {len(written)} of {counted(total, 'image')} to {output}{earlier}")
    else:  # beside the originals: say where each one is
        print(f"wrote {len(written)} of {counted(total, 'image')}{earlier}{':' if written else ''}")
        for path in written:
            print(f"  {path}")
    return print_problems(failures, counted(len(failures), "problem"))


# The sub-command and the function that runs it.
COMMANDS = {"upscale": cmd_upscale}
