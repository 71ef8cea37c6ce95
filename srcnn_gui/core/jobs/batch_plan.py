"""Where each picture of a batch goes, decided for the whole batch before anything is written.

* A picture found in a folder keeps its place below that folder: ``photos/a/x.png`` goes to
  ``OUT/a/x_srcnn_x3.png``, so ``a/x.png`` and ``b/x.png`` never meet. A file named by itself goes
  straight into ``OUT``.
* Two pictures that would still get one output (``photo.jpg`` and ``photo.png``) are both refused,
  before anything is written, with a message naming the other; ``{ext}`` in the pattern tells them apart.
* The output name comes from a pattern of documented fields only, must have an extension we write
  and may not leave the output folder (no folders, ``..`` or absolute paths in it).
"""

from __future__ import annotations

import os
import string
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from srcnn_gui.core.errors import ConfigError, failure_message
from srcnn_gui.core.images.output_names import output_name

# The fields of an output pattern, with what each is in words (for --help and for messages).
PATTERN_FIELDS = {
    "stem": "the picture's file name without its extension",
    "ext": "the picture's extension without the dot: png, jpg ...",
    "scale": "the factor or size asked for: 3, 2.5, w1920, 1920x1080",
    "model": "the name of the model of the first pass",
}
OUTPUT_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp")
CLI_REMEDY = "put {ext} in --pattern to tell them apart"
NAME_MAX_BYTES = 255  # the longest file name ext4, APFS, NTFS (in UTF-16 units) and most others allow


@dataclass(frozen=True)
class BatchItem:
    """One picture of a batch and the folder it was found in (None: named by itself)."""

    source: Path
    root: Path | None = None

    def relative_folder(self) -> PurePath:
        """Where below the output folder its result goes: its folder's place below ``root``."""
        return PurePath() if self.root is None else self.source.parent.relative_to(self.root)


def _fields_help() -> str:
    return ", ".join(f"{{{name}}} ({what})" for name, what in PATTERN_FIELDS.items())


def check_pattern(pattern: str) -> None:
    """Raise :class:`ConfigError` unless ``pattern`` makes a plain file name with an extension we write."""
    def refuse(why: str) -> ConfigError:
        return ConfigError(f"output pattern '{pattern}': {why}. The fields are {_fields_help()}; the extension "
                           f"({', '.join(OUTPUT_SUFFIXES)}) picks the format, e.g. \"{{stem}}_srcnn_x{{scale}}.png\"")

    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise refuse(str(exc)) from None
    for literal, name, spec, conversion in parts:
        if any(sep in literal for sep in ("/", "\\", os.sep, os.altsep or "/")):
            raise refuse("it names a folder; the output folder is given with -o, the pattern only names the file")
        if name is None:
            continue
        if name not in PATTERN_FIELDS:
            raise refuse(f"{{{name}}} is not a field" if name else "an empty {} is not a field")
        if conversion or (spec and "{" in spec):
            raise refuse(f"{{{name}}} takes no conversion or nested field")
    sample = output_name("x.png", "3", pattern, "model")
    if sample in (".", "..") or PurePath(sample).is_absolute():
        raise refuse("it does not name a file")
    if PurePath(sample).suffix.lower() not in OUTPUT_SUFFIXES:
        raise refuse("it has no extension we write")


def _name_problem(name: str) -> str | None:
    size = len(os.fsencode(name))
    if size > NAME_MAX_BYTES:
        return f"the output name would be {size} bytes long, more than the {NAME_MAX_BYTES} file systems allow; " \
               "rename the picture or use a shorter --pattern"
    return None


def plan_targets(
    items: Iterable[BatchItem], output: Path, name_for: Callable[[Path], str], *, remedy: str = CLI_REMEDY
) -> tuple[dict[BatchItem, Path], list[str]]:
    """The output path of each item, and a message for each item that gets none.

    ``name_for(source)`` gives the output file name (it may raise: that item fails, named). Items whose
    outputs would coincide are all refused, so that no result silently replaces another; their
    messages end with ``remedy``, what the user can do about it.
    """
    targets: dict[BatchItem, Path] = {}
    failures: list[str] = []
    for item in items:
        try:
            name = name_for(item.source)
        except Exception as exc:  # whatever goes wrong with one picture is that picture's failure
            failures.append(failure_message(item.source, exc))
            continue
        problem = _name_problem(name)
        if problem:
            failures.append(f"{item.source}: {problem}")
            continue
        targets[item] = output / item.relative_folder() / name
    by_target: dict[str, list[BatchItem]] = defaultdict(list)
    for item, target in targets.items():
        by_target[os.path.normcase(os.path.abspath(target))].append(item)
    for clash in (group for group in by_target.values() if len(group) > 1):
        for item in clash:
            others = " and ".join(str(other.source) for other in clash if other is not item)
            failures.append(f"{item.source}: its output {targets.pop(item)} would also be that of {others}, so neither "
                            f"is written; {remedy}")
    return targets, failures
