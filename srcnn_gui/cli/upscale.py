"""``srcnn-gui upscale``: the arguments of a batch and its display in the terminal; the batch engine does the rest.

The batch is planned whole (:func:`~srcnn_gui.core.jobs.batch_plan.plan_batch`: each picture's models
and output, collisions refused before anything is written) and run by
:func:`~srcnn_gui.core.jobs.batch.run_batch`, the engine the window's batch runs too. This module
shows its progress with tqdm and lists what went wrong at the end.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from srcnn_gui.cli.options import (
    add_model_options,
    add_size_options,
    checked_by,
    model_chooser,
    output_size,
    parsed_by,
    print_problems,
)
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN, check_pattern, fields_help
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, parse_png_level
from srcnn_gui.core.jobs.batch_inputs import collect_items
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.jobs.shards import parse_shard, record_name, shard_items
from srcnn_gui.core.progress import counted

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
    up.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    add_size_options(up)
    up.add_argument("--pattern", default=DEFAULT_PATTERN, type=pattern, help=PATTERN_HELP)
    up.add_argument("--overwrite", action="store_true", help="replace existing outputs (inputs are never replaced)")
    up.add_argument("--shard", type=parsed_by(parse_shard), metavar="K/N", help=SHARD_HELP)
    up.add_argument("--png-level", type=png_level, default=DEFAULT_PNG_LEVEL, metavar="0-9",
                    help=f"PNG compression: 0 none (fastest, largest) to 9 smallest (default: {DEFAULT_PNG_LEVEL})")
    add_model_options(up)


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
        from tqdm import tqdm  # loaded with the batch, after the arguments are checked

        if total < 4:
            return
        if self._bar is None:
            self._bar = tqdm(total=total, unit="tile", desc=self.name, leave=False, file=sys.stderr)
        self._bar.update(done - self._bar.n)
        if done == total:
            self._bar.close()


def cmd_upscale(args: argparse.Namespace) -> int:
    """Upscale the inputs into the output folder; 0 when all went well, 1 with failures, 130 interrupted."""
    size = output_size(args)
    items, problems = collect_items(args.inputs, args.output)
    if args.shard is not None:
        items = shard_items(items, args.shard)
    if not items:  # nothing to upscale: say why at once, before torch and a model load
        return _report(args.output, 0, 0, 0, problems)
    from tqdm import tqdm

    from srcnn_gui.core.jobs.batch import BatchFile, BatchStarted, FileOutcome, Outcome, run_batch
    from srcnn_gui.core.jobs.batch_plan import plan_batch
    from srcnn_gui.core.jobs.control import JobControl

    plan = replace(plan_batch(items, args.output, model_chooser(args, size.factor), size, pattern=args.pattern),
                   record_name=record_name(args.shard))
    bar = tqdm(total=len(plan.files), unit="image", desc=f"x{size.label()}", file=sys.stderr)
    tiles = _TileBar()
    finished = {Outcome.WRITTEN: 0, Outcome.DONE_BEFORE: 0}
    failed: list[str] = []  # so far: an interrupted run still lists them

    def show(report: object) -> None:
        if isinstance(report, BatchStarted) and report.removed_temporaries:
            bar.write(f"removed {report.removed_temporaries} temporary file(s) left by an interrupted run", file=sys.stderr)
        elif isinstance(report, BatchFile):
            tiles.start(report.source.name)
        elif isinstance(report, FileOutcome):
            bar.update(1)
            if report.outcome in finished:
                finished[report.outcome] += 1
            else:
                failed.append(report.problem)
            if report.outcome is Outcome.WRITTEN and report.file.quality is not None:  # say which model its quality chose
                choice = report.file.choice
                bar.write(f"{report.file.source.name}: {choice.info.name} ({choice.reason})", file=sys.stderr)
            for note in report.notes:
                bar.write(f"note: {report.file.source}: {note}", file=sys.stderr)

    try:
        with bar:
            summary = run_batch(plan, JobControl(report=show), overwrite=args.overwrite, png_level=args.png_level,
                                tiles=tiles.update)
    except KeyboardInterrupt:
        _report(args.output, finished[Outcome.WRITTEN], finished[Outcome.DONE_BEFORE], plan.total,
                problems + plan.problems + failed)
        print("interrupted: finished outputs are kept and no partial file is left; run the same command again "
              "to go on", file=sys.stderr)
        return 130
    return _report(args.output, len(summary.written), summary.done_before, summary.total, problems + summary.failures)


def _report(output: Path, written: int, done: int, total: int, failures: list[str]) -> int:
    earlier = f" ({done} more already done by an earlier run of this command)" if done else ""
    print(f"wrote {written} of {counted(total, 'image')} to {output}{earlier}")
    return print_problems(failures, counted(len(failures), "problem"))


# The sub-command and the function that runs it.
COMMANDS = {"upscale": cmd_upscale}
