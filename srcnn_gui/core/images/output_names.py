"""Where results go: an upscaled picture's file name, the patterns that make it, and names that collide.

* The name comes from a pattern of documented fields only (:data:`PATTERN_FIELDS`); a pattern must
  name a plain file with an extension we write, and may not leave the output folder (no folders,
  ``..`` or absolute paths in it).
* Two results that would get one file (``photo.jpg`` and ``photo.png`` under ``{stem}.png``) are
  found by :func:`colliding_targets`, so that every caller (a batch, the window's Save all) refuses
  them all rather than let one result silently replace another.
* A file whose name the pattern makes of another picture's (``photo_srcnn_x2.png`` beside ``photo.jpg``,
  at any size, with any model) is told by :func:`result_sources`, so that a batch writing into its
  input folder does not take its earlier results for new pictures.
"""

from __future__ import annotations

import os
import re
import string
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path, PurePath
from typing import TypeVar

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.formats import OUTPUT_SUFFIXES

# The size reads as it is said: x3 (a factor), 1920w (a width), 1080h (a height), 1920x1080 (a box).
DEFAULT_PATTERN = "{stem}_srcnn_{size}.png"
# Evaluate mode's result is the picture shrunk by the factor and restored, at the picture's own size:
# named for that, so it is never mistaken for an upscale.
EVALUATE_PATTERN = "{stem}_evaluate_{size}.png"

# The fields of an output pattern, with what each is in words (for --help and for messages).
PATTERN_FIELDS = {
    "stem": "the picture's file name without its extension",
    "ext": "the picture's extension without the dot: png, jpg ... (png for a picture without one)",
    "size": "the factor or size asked for as read: x3, x2.5, 1920w, 1080h, 1920x1080",
    "scale": "the factor or size asked for, bare: 3, 2.5, w1920, h1080, 1920x1080",
    "model": "the name of the model of the first pass",
}
# What {size} and {scale} may read in a name, whatever the size asked for (see size_words).
_SIZE_WORDS = r"(?:x\d+(?:\.\d+)?|\d+[wh]|\d+x\d+)"
_SCALE_WORDS = r"(?:\d+(?:\.\d+)?|[wh]\d+|\d+x\d+)"
NAME_MAX_BYTES = 255  # the longest file name ext4, APFS, NTFS (in UTF-16 units) and most others allow

Key = TypeVar("Key", bound=Hashable)


def output_name(source: Path | str, scale: int | str, pattern: str = DEFAULT_PATTERN, model: str = "") -> str:
    """The file name for the result of ``source``; fields ``{stem}``, ``{ext}`` (its extension without the dot),
    ``{size}``, ``{scale}`` and ``{model}`` (checked by :func:`check_pattern`).

    ``scale`` is the factor or the size asked for as :meth:`OutputSize.label` writes it (``3``, ``2.5``,
    ``1920x1080``, ``w1920``); ``{size}`` is the same as :func:`size_words` reads it.
    """
    try:
        return pattern.format(stem=Path(source).stem, ext=ext_field(source), size=size_words(str(scale)),
                              scale=scale, model=model)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"bad output pattern '{pattern}': {exc}") from exc


def ext_field(source: Path | str) -> str:
    """What ``{ext}`` reads for ``source``: its extension without the dot (png for a picture without one)."""
    return Path(source).suffix[1:] or "png"


def size_words(label: str) -> str:
    """A size label (:meth:`OutputSize.label`) as a file name says it: ``3`` -> ``x3``, ``w1920`` -> ``1920w``,
    ``h1080`` -> ``1080h``; a box (``1920x1080``) reads as it is."""
    if label[:1] in ("w", "h"):
        return f"{label[1:]}{label[0]}"
    return label if "x" in label else f"x{label}"


def results_folder(folder: Path, label: str) -> Path:
    """Where the results of a folder's pictures go when no output folder is given: a folder beside it named
    for the size (``photos`` -> ``photos_srcnn_x3``), so that a second run does not take them for inputs."""
    folder = folder.resolve()
    return folder.with_name(f"{folder.name}_srcnn_{size_words(label)}")


def fields_help() -> str:
    """The pattern's fields and what each is, in words: ``{stem} (the picture's file name ...), ...``."""
    return ", ".join(f"{{{name}}} ({what})" for name, what in PATTERN_FIELDS.items())


def check_pattern(pattern: str) -> None:
    """Raise :class:`ConfigError` unless ``pattern`` makes a plain file name with an extension we write."""
    def refuse(why: str) -> ConfigError:
        return ConfigError(f"output pattern '{pattern}': {why}. The fields are {fields_help()}; the extension "
                           f"({', '.join(OUTPUT_SUFFIXES)}) picks the format, e.g. \"{DEFAULT_PATTERN}\"")

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


def name_problem(name: str, remedy: str) -> str | None:
    """Why no file system would take ``name`` (too long), ending with ``remedy``; None when one would."""
    size = len(os.fsencode(name))
    if size > NAME_MAX_BYTES:
        return f"the output name would be {size} bytes long, more than the {NAME_MAX_BYTES} file systems allow; {remedy}"
    return None


def colliding_targets(targets: Mapping[Key, Path]) -> list[list[Key]]:
    """The groups of keys whose targets are one file (compared as the file system would: absolute, case
    folded where it folds case), each group in the order of ``targets``."""
    by_target: dict[str, list[Key]] = defaultdict(list)
    for key, target in targets.items():
        by_target[os.path.normcase(os.path.abspath(target))].append(key)
    return [group for group in by_target.values() if len(group) > 1]


def result_sources(name: str, pattern: str) -> set[tuple[str, str | None]]:
    """The ``(stem, ext)`` of each picture whose result ``pattern`` could have named ``name``, at any size and with
    any model (``ext`` None where the pattern does not say it); empty when ``name`` is no such result or the
    pattern has no plain ``{stem}``."""
    sources = set()
    for stem_words in (".+", ".+?"):  # the longest and the shortest stem: a name may read both ways
        match = _result_regex(pattern, stem_words).fullmatch(name)
        if match is not None and "stem" in match.groupdict():
            sources.add((match["stem"], match.groupdict().get("ext")))
    return sources


def _result_regex(pattern: str, stem_words: str) -> re.Pattern[str]:
    """A regular expression matching the names ``pattern`` makes: stem and extension as groups, the rest any."""
    parts, named = [], set()
    for literal, field, spec, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field in ("stem", "ext") and not spec:
            words = stem_words if field == "stem" else r"[^.]+"
            parts.append(f"(?P={field})" if field in named else f"(?P<{field}>{words})")
            named.add(field)
        else:  # padded or aligned fields, {size}, {scale} and {model}: anything they may read
            parts.append({"size": _SIZE_WORDS, "scale": _SCALE_WORDS}.get(field, ".+?") if not spec else ".*?")
    return re.compile("".join(parts), re.DOTALL)
