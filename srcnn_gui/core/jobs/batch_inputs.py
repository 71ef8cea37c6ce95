"""What a batch is asked to upscale: the pictures named, and those found in folders with the place of each.

Gathering follows three rules, in this order (the last two: :func:`sort_inputs`), before the batch is
planned and before ``--shard`` shares it out, so that every share sees the whole of it:

* :func:`collect_items`: the pictures named and those found in folders; what is no picture we may open
  (a missing path, a named pipe, a link to a missing file, a folder that cannot be read) is a problem.
* :func:`drop_repeats`: one picture is one file (:func:`~srcnn_gui.core.file_kinds.file_identity`),
  however often and however it was named; it is upscaled once and the repeat said in a note.
* :func:`set_apart_results`: a batch writing into a folder it reads (``-o`` the input folder, or results
  beside their originals) finds its earlier results there; those the resume record lists, and those named
  as the output pattern names another picture's result in that folder, are results, not new pictures.

Light to import: the CLI collects its inputs and answers "nothing to upscale" before loading torch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

from srcnn_gui.core.file_kinds import file_identity
from srcnn_gui.core.images.output_names import ext_field, result_sources, results_folder
from srcnn_gui.core.jobs.run_record import recorded_outputs
from srcnn_gui.core.progress import counted


@dataclass(frozen=True)
class BatchItem:
    """One picture of a batch and the folder it was found in (None: named by itself)."""

    source: Path
    root: Path | None = None

    def relative_folder(self) -> PurePath:
        """Where below the output folder its result goes: its folder's place below ``root``."""
        return PurePath() if self.root is None else self.source.parent.relative_to(self.root)

    def result_folder(self, output: Path | None, label: str) -> Path:
        """Where its result goes: below ``output``, or without one beside the original (a folder's pictures
        into the folder beside it, :func:`~srcnn_gui.core.images.output_names.results_folder`)."""
        if output is not None:
            return output / self.relative_folder()
        if self.root is None:
            return self.source.parent
        return results_folder(self.root, label) / self.relative_folder()


def collect_items(inputs: Sequence[Path], output: Path | None) -> tuple[list[BatchItem], list[str]]:
    """The pictures named or found in folders, recursively (the output folder, if any, is never searched), and
    what was not usable: a missing path, a folder without pictures, an entry a scan could not read."""
    items, problems = [], []
    for given in inputs:
        if given.is_dir():
            from srcnn_gui.core.images.reading import scan_folder  # reads pictures: numpy, Pillow, OpenCV

            scan = scan_folder(given, skip=[] if output is None else [output])
            items.extend(BatchItem(path, given) for path in scan.images)
            problems.extend(scan.problems)
            if not scan.images:
                problems.append(f"{given}: no images in this folder")
        elif given.exists() or given.is_symlink():
            items.append(BatchItem(given))  # reading it names what it is if it is no picture (a pipe, a dead link)
        else:
            problems.append(f"{given}: no such file or folder")
    return items, problems


def drop_repeats(items: Sequence[BatchItem]) -> tuple[list[BatchItem], list[str]]:
    """``items`` with each picture once (the same picture: the same file, however it was named or found), and
    for each one dropped a note saying so."""
    first: dict[Path, BatchItem] = {}
    kept, notes = [], []
    for item in items:
        key = file_identity(item.source)
        if key in first:
            also = "" if first[key].source == item.source else f" (also as {first[key].source})"
            notes.append(f"{item.source}: given twice{also}; upscaled once")
            continue
        first[key] = item
        kept.append(item)
    return kept, notes


def set_apart_results(items: Sequence[BatchItem], output: Path | None, label: str,
                      pattern: str) -> tuple[list[BatchItem], list[BatchItem]]:
    """``items`` split into the pictures to upscale and the earlier results found among them.

    A result is a file in a folder this batch writes to (each picture's :meth:`BatchItem.result_folder` for the
    size ``label``) that the resume record there lists, or that is named as ``pattern`` names another picture's
    result in that folder, at any size and with any model (``a_srcnn_x2.png`` beside ``a.png``).
    """
    recorded = set() if output is None else {file_identity(path) for path in recorded_outputs(output)}
    folder_identity = cache(file_identity)  # a batch's many pictures share few folders
    writers: dict[Path, dict[str, list[BatchItem]]] = defaultdict(lambda: defaultdict(list))
    for item in items:  # each folder results go to, with the stems of the pictures whose results go there
        writers[folder_identity(item.result_folder(output, label))][item.source.stem].append(item)
    kept, results = [], []
    for item in items:
        stems = writers.get(folder_identity(item.source.parent), {})
        made_from = [other for stem, ext in result_sources(item.source.name, pattern) for other in stems.get(stem, [])
                     if ext in (None, ext_field(other.source)) and other.source.name != item.source.name]
        is_result = made_from or (recorded and file_identity(item.source) in recorded)
        (results if is_result else kept).append(item)
    return kept, results


@dataclass(frozen=True)
class SortedInputs:
    """What was collected, sorted out: the pictures to upscale, a note for each repeat, the earlier results."""

    pictures: list[BatchItem]
    repeats: list[str]
    results: list[BatchItem]

    def results_note(self) -> str:
        """The results set apart in words, for a line of its own (empty when there are none)."""
        if not self.results:
            return ""
        names = ", ".join(item.source.name for item in self.results[:3]) + (", ..." if len(self.results) > 3 else "")
        return f"{counted(len(self.results), 'earlier result')} of this command found among the inputs ({names}): " \
               "set apart, not upscaled again"


def sort_inputs(items: Sequence[BatchItem], output: Path | None, label: str, pattern: str) -> SortedInputs:
    """:func:`drop_repeats`, then :func:`set_apart_results`: what a batch writing results of size ``label``
    named by ``pattern`` into ``output`` (None: beside the originals) is to upscale."""
    once, repeats = drop_repeats(items)
    pictures, results = set_apart_results(once, output, label, pattern)
    return SortedInputs(pictures, repeats, results)
