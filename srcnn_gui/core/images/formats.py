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

# The formats a user chooses between for results (one suffix each), and what each means for the picture.
OUTPUT_FORMATS = {
    ".png": "PNG (lossless)",
    ".jpg": "JPEG",
    ".webp": "WebP",
    ".tif": "TIFF (lossless, keeps 16 bits)",
    ".bmp": "BMP (lossless, no metadata)",
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
