"""What a batch is asked to upscale: the pictures named, and those found in folders with the place of each.

Light to import: the CLI collects its inputs and answers "nothing to upscale" before loading torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath


@dataclass(frozen=True)
class BatchItem:
    """One picture of a batch and the folder it was found in (None: named by itself)."""

    source: Path
    root: Path | None = None

    def relative_folder(self) -> PurePath:
        """Where below the output folder its result goes: its folder's place below ``root``."""
        return PurePath() if self.root is None else self.source.parent.relative_to(self.root)


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
            items.append(BatchItem(given))
        else:
            problems.append(f"{given}: no such file or folder")
    return items, problems


def drop_repeats(items: Sequence[BatchItem]) -> tuple[list[BatchItem], list[str]]:
    """``items`` with each picture once (the same picture: the same resolved path, however it was named or
    found), and for each one dropped a note saying so."""
    first: dict[Path, BatchItem] = {}
    kept, notes = [], []
    for item in items:
        key = item.source.resolve()
        if key in first:
            notes.append(f"{item.source}: given twice (also as {first[key].source}); upscaled once")
            continue
        first[key] = item
        kept.append(item)
    return kept, notes
