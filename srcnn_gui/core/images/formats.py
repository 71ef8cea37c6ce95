"""The picture file formats: which we read, which we write, which lose detail, what each can hold.

Every list of suffixes or formats in the application comes from here (the CLI's ``--pattern``
check, folder scans, the window's open and save filters, its Output settings). Numpy-free, so the
command line can check its arguments before loading anything heavy.
"""

from __future__ import annotations

# What we open: a suffix outside this set is not a picture to us (folder scans skip it).
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})

# What we write, by suffix: the format's name as Pillow spells it.
FORMAT_BY_SUFFIX = {
    ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP",
    ".tif": "TIFF", ".tiff": "TIFF", ".webp": "WEBP",
}
OUTPUT_SUFFIXES = tuple(FORMAT_BY_SUFFIX)

# "The input's format" as a suffix: the name pattern's {ext} field, filled with each picture's own extension.
SAME_AS_INPUT = ".{ext}"
# The formats a user chooses between for results (one suffix each, or the input's), by name.
OUTPUT_FORMATS = {
    SAME_AS_INPUT: "Same as the input",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".webp": "WebP",
    ".tif": "TIFF",
    ".bmp": "BMP",
}
# What each costs, measured: a 768x512 photo saved as a 61 KB JPEG (quality 75), upscaled x3 (3.5 MP) by
# srcnn-gui upscale --pattern "{stem}.EXT" (JPEG and WebP at quality 95).
FORMAT_COSTS = {
    SAME_AS_INPUT: "a JPEG stays a small JPEG, a PNG stays lossless",
    ".png": "lossless, large: 2.2 MB for that photo (37x its JPEG)",
    ".jpg": "small, slight loss: 0.6 MB at quality 95; no transparency",
    ".webp": "smallest, slight loss: 0.4 MB at quality 95",
    ".tif": "lossless, keeps 16 bits: 3.9 MB",
    ".bmp": "uncompressed, no metadata or transparency: 6.8 MB",
}

# Formats that compress with loss: they take a quality (1-100), and their JPEG artefacts are what denoising removes.
LOSSY_FORMATS = frozenset({"JPEG", "WEBP"})
LOSSY_SUFFIXES = frozenset(suffix for suffix, fmt in FORMAT_BY_SUFFIX.items() if fmt in LOSSY_FORMATS)

# What a format can hold: no alpha (flattened on white), 16 bits a sample, and the largest side its header can state.
NO_ALPHA_FORMATS = frozenset({"JPEG", "BMP"})
SIXTEEN_BIT_FORMATS = frozenset({"PNG", "TIFF"})
MAX_SIDE = {"JPEG": 65535, "WEBP": 16383}


def output_format(suffix: str) -> str | None:
    """The format a file of this suffix is written in (any case); None for one we do not write."""
    return FORMAT_BY_SUFFIX.get(suffix.lower())


def side_problem(fmt: str, height: int, width: int) -> str | None:
    """Why format ``fmt`` (Pillow's name) cannot hold a ``width`` x ``height`` picture, or None if it can."""
    if max(height, width) <= MAX_SIDE.get(fmt, 2**31):
        return None
    return (f"{fmt} holds at most {MAX_SIDE[fmt]} pixels a side and this picture is {width} x {height}; "
            "save it as PNG or TIFF")


def is_lossy(suffix: str) -> bool:
    """True when results with this suffix are compressed with loss (they take a quality)."""
    return suffix.lower() in LOSSY_SUFFIXES


def takes_quality(suffix: str) -> bool:
    """Whether results of this output choice may need a quality: a lossy format, or the input's (a JPEG's result
    is a JPEG)."""
    return is_lossy(suffix) or suffix == SAME_AS_INPUT
