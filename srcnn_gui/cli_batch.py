"""`srcnn-gui upscale`: a batch of files and folders, planned whole, then upscaled file by file.

Every picture's output is decided first (:mod:`srcnn_gui.core.jobs.batch_plan`), so collisions are
refused before anything is written; then each is upscaled, and whatever goes wrong with one picture
is that picture's failure, named in the list at the end. A rerun of the same command skips what it
finished before (:mod:`srcnn_gui.core.jobs.run_record`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from srcnn_gui.core.errors import ConfigError, SrcnnError, failure_message
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.jobs.batch_plan import PATTERN_FIELDS, BatchItem, check_pattern
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.progress import counted

PATTERN_HELP = ("output name; fields " + ", ".join(f"{{{name}}} ({what})" for name, what in PATTERN_FIELDS.items())
                + f"; its extension picks the format (default: {DEFAULT_PATTERN})")
RESUME_HELP = (
    "Pictures found in a folder keep their place below it under -o. Each output appears only once complete. "
    "After an interruption (Ctrl-C, kill) run the same command again: the outputs it finished are recorded in "
    f"OUTPUT/{RECORD_NAME} and skipped as done; an existing file that is not its result for that picture "
    "(another command's, or the picture changed since) is kept and reported unless --overwrite."
)


def pattern(text: str) -> str:
    """argparse type of ``--pattern``: only documented fields, a file name with an extension we write."""
    try:
        check_pattern(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def collect_items(inputs: Sequence[Path], output: Path) -> tuple[list[BatchItem], list[str]]:
    """The pictures named or found in folders (the output folder is never searched), and what was not usable."""
    items, problems = [], []
    for given in inputs:
        if given.is_dir():
            from srcnn_gui.core.images.reading import scan_folder  # reads pictures: numpy, Pillow, OpenCV

            scan = scan_folder(given, skip=[output])
            items.extend(BatchItem(path, given) for path in scan.images)
            problems.extend(scan.problems)
            if not scan.images:
                problems.append(f"{given}: no images in this folder")
        elif given.exists() or given.is_symlink():
            items.append(BatchItem(given))
        else:
            problems.append(f"{given}: no such file or folder")
    return items, problems


def _tile_progress(name: str):
    """A progress callback that shows a tile bar for pictures of 4 tiles or more (only they take long)."""
    from tqdm import tqdm

    bar: tqdm | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < 4:
            return
        if bar is None:
            bar = tqdm(total=total, unit="tile", desc=name, leave=False, file=sys.stderr)
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return update


def _settings(args: argparse.Namespace, size: OutputSize) -> dict[str, object]:
    """What shapes a result: a rerun with the same values may count the outputs it finds as done."""
    return {"size": size.label(), "pattern": args.pattern, "model": args.model, "denoise": args.denoise,
            "precision": args.precision}


def run_upscale(args: argparse.Namespace, size: OutputSize, make_chooser: Callable[[], Any]) -> int:
    """Upscale ``args.inputs`` into ``args.output`` with the models of ``make_chooser()``; 0 when all went well,
    1 with failures, 130 interrupted."""
    items, failures = collect_items(args.inputs, args.output)
    if not items:  # nothing to upscale: say why at once, before torch and a model load
        return _report(args.output, 0, 0, 0, failures)
    from tqdm import tqdm

    from srcnn_gui.core.atomic import remove_abandoned_temporaries
    from srcnn_gui.core.images.jpeg import file_quality
    from srcnn_gui.core.images.output_names import output_name
    from srcnn_gui.core.images.reading import check_picture_file
    from srcnn_gui.core.inference.file_to_file import file_factor, upscale_file
    from srcnn_gui.core.jobs.batch_plan import plan_targets
    from srcnn_gui.core.jobs.run_record import RunRecord, settings_digest

    chooser = make_chooser()
    choices = {}

    def name_for(source: Path) -> str:
        check_picture_file(source)  # before anything opens it: a named pipe would block
        quality = file_quality(source)
        # An output size gives each picture its own factor, and the factor picks the model.
        choices[source] = quality, chooser.choose(quality, file_factor(source, size))
        return output_name(source, size.label(), args.pattern, choices[source][1].info.name)

    targets, refused = plan_targets(items, args.output, name_for)
    failures += refused
    removed = sum(len(remove_abandoned_temporaries(folder)) for folder in {t.parent for t in targets.values()})
    if removed:
        print(f"removed {removed} temporary file(s) left by an interrupted run", file=sys.stderr)
    record = RunRecord(args.output, settings_digest(_settings(args, size)))
    sources = {item.source.resolve() for item in items}
    written = done = 0
    try:
        with tqdm(list(targets.items()), unit="image", desc=f"x{size.label()}", file=sys.stderr) as bar:
            for item, target in bar:
                source = item.source
                try:
                    if not args.overwrite and target.resolve() not in sources and target.exists():
                        if record.is_done(source, target):
                            done += 1
                            continue
                        raise SrcnnError(f"{target}: already exists and is not this command's result for {source} "
                                         "(kept; use --overwrite to replace it)")
                    quality, choice = choices[source]
                    notes = upscale_file(choice.upscaler, source, target, inputs=sources, size=size,
                                         overwrite=args.overwrite, progress=_tile_progress(source.name))
                    record.add(source, target)
                    written += 1
                    if quality is not None:  # a JPEG: say which model its quality chose
                        bar.write(f"{source.name}: {choice.info.name} ({choice.reason})", file=sys.stderr)
                    for note in notes:
                        bar.write(f"note: {source}: {note}", file=sys.stderr)
                except Exception as exc:  # whatever goes wrong with one picture is that picture's failure
                    failures.append(failure_message(source, exc, target))
    except KeyboardInterrupt:
        _report(args.output, written, done, len(items), failures)
        print("interrupted: finished outputs are kept and no partial file is left; run the same command again "
              "to go on", file=sys.stderr)
        return 130
    return _report(args.output, written, done, len(items), failures)


def _report(output: Path, written: int, done: int, total: int, failures: list[str]) -> int:
    earlier = f" ({done} more already done by an earlier run of this command)" if done else ""
    print(f"wrote {written} of {counted(total, 'image')} to {output}{earlier}")
    return print_problems(failures, counted(len(failures), "problem"))


def print_problems(failures: list[str], heading: str) -> int:
    """Each failure on stderr under ``heading``; the exit status: 1 if there was any, else 0."""
    if not failures:
        return 0
    print(f"{heading}:", file=sys.stderr)
    for line in failures:
        print(f"  {line}", file=sys.stderr)
    return 1
