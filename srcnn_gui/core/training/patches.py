"""Training patches drawn on the fly from folders of images.

Each usable image becomes a few (ground truth, bicubic-degraded) luminance pairs, one per
rescale factor (the FSRCNN trick: downscaled copies of the training images add variety).
Degradation uses the same MATLAB bicubic as evaluation and is done once per image, so drawing a
batch is only slicing, flips and 90-degree turns: the data side costs a few milliseconds per batch
and the cores stay on the network.

For models that know JPEG, each low-res copy is saved as a JPEG at a quality drawn from a range
(the colour picture, chroma subsampled as real encoders do), so the network learns to undo both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import DatasetError, failure_message
from srcnn_gui.core.evaluation.protocol import degrade_jpeg_luminance, degrade_luminance, jpeg_low_luminance, shrink
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.images.formats import IMAGE_SUFFIXES
from srcnn_gui.core.images.pixels import modcrop, split_alpha, to_uint8
from srcnn_gui.core.images.reading import find_images, load_image
from srcnn_gui.core.progress import counted

DEFAULT_RESCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
MAX_SIDE = 1024  # big photos are shrunk first, which bounds memory for "train on my folder"


@dataclass
class PatchSource:
    """Degraded/ground-truth luminance pairs ready for cropping."""

    scale: int
    jpeg: tuple[int, int] | None = None  # lowest and highest JPEG quality of the low-res inputs
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))  # draws the qualities
    inputs: list[np.ndarray] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    image_count: int = 0
    low_res: bool = False  # inputs stay at low resolution (for networks that enlarge themselves: FSRCNN)

    def add_image(self, colour: np.ndarray, rescales: Sequence[float], min_side: int) -> bool:
        """Add the pairs of one image (H x W x 1 or 3 in [0, 1]); False if it is too small to use."""
        longest = max(colour.shape[:2])
        if longest > MAX_SIDE:
            colour = imresize(colour, MAX_SIDE / longest)
        added = False
        for factor in rescales:
            hr = colour if factor == 1.0 else imresize(colour, factor)
            hr = modcrop(np.clip(hr, 0.0, 1.0), self.scale)
            if min(hr.shape[:2]) < min_side:
                continue
            self.inputs.append(self._degrade(hr).astype(np.float32))
            self.targets.append(luminance(hr).astype(np.float32))
            added = True
        return added

    def _degrade(self, hr: np.ndarray) -> np.ndarray:
        if self.jpeg is None:
            if self.low_res:
                return shrink(luminance(hr), self.scale)
            return degrade_luminance(luminance(hr) * 255.0, self.scale)
        quality = int(self.rng.integers(self.jpeg[0], self.jpeg[1] + 1))
        if self.low_res:
            return jpeg_low_luminance(to_uint8(hr), self.scale, quality)
        return degrade_jpeg_luminance(to_uint8(hr), self.scale, quality)


@dataclass
class ImageScan:
    """What a look through the training folders found, before any training starts."""

    usable: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "path: reason"
    too_small: list[str] = field(default_factory=list)  # "path: size"
    not_pictures: int = 0  # files whose suffix is not one of the picture formats we read

    @property
    def skipped(self) -> list[str]:
        """Every picture left out, with the reason."""
        return self.unreadable + self.too_small


def usable_side(shape: tuple[int, ...], scale: int) -> int:
    """The shorter side a picture of ``shape`` gives as training ground truth (after the size cap)."""
    height, width = shape[:2]
    factor = min(1.0, MAX_SIDE / max(height, width))
    return min(round(height * factor), round(width * factor)) // scale * scale


def _describe_failure(folders: Sequence[Path], scan: ImageScan, scale: int, min_side: int) -> str:
    where = ", ".join(str(f) for f in folders)
    if not scan.skipped:
        others = f" ({counted(scan.not_pictures, 'other file')}, not pictures)" if scan.not_pictures else ""
        return (f"{where}: no pictures found{others}; looked for "
                f"{', '.join(sorted(IMAGE_SUFFIXES))} files, in subfolders too")
    if not scan.unreadable:
        small = len(scan.too_small)
        which = "the only picture is" if small == 1 else f"all {small} pictures are"
        return (f"{where}: {which} too small to train x{scale} on: each side must be "
                f"at least {min_side} pixels (the training patch), e.g. {scan.too_small[0]}")
    if not scan.too_small:
        return f"{where}: none of the {counted(len(scan.unreadable), 'picture file')} could be read, e.g. {scan.unreadable[0]}"
    return (f"{where}: no usable pictures: {len(scan.too_small)} too small, "
            f"{len(scan.unreadable)} unreadable, e.g. {scan.unreadable[0]}")


def scan_images(folders: Sequence[Path], scale: int, *, min_side: int) -> ImageScan:
    """Find the pictures below ``folders`` that training can use; list the others with the reason.

    Raises :class:`DatasetError` naming the folders and the cause when not one picture is usable
    (an empty folder, files that are not pictures, or pictures smaller than the patch).
    """
    scan = ImageScan()
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise DatasetError(f"{folder}: not a folder")
        scan.not_pictures += sum(1 for p in folder.rglob("*") if p.is_file() and p.suffix.lower() not in IMAGE_SUFFIXES)
        for path in find_images(folder):
            try:
                side = usable_side(load_image(path).shape, scale)
            except Exception as exc:  # whatever goes wrong with one picture skips that picture, named
                scan.unreadable.append(failure_message(path, exc))
                continue
            if side < min_side:
                scan.too_small.append(f"{path}: too small ({side} pixels on the shorter side, {min_side} needed)")
            else:
                scan.usable.append(path)
    if not scan.usable:
        raise DatasetError(_describe_failure([Path(f) for f in folders], scan, scale, min_side))
    return scan


def split_holdout(paths: Sequence[Path], fraction: float) -> tuple[list[Path], list[Path]]:
    """Hold out about ``fraction`` of the pictures, evenly spread over the sorted list, for validation.

    The split depends only on the list, so a resumed run validates on the same pictures. Fewer than
    two pictures cannot be split: everything trains and nothing is held out.
    """
    if fraction <= 0 or len(paths) < 2:
        return list(paths), []
    n_val = min(len(paths) - 1, max(1, round(len(paths) * fraction)))
    held = {int((i + 0.5) * len(paths) / n_val) for i in range(n_val)}
    return [p for i, p in enumerate(paths) if i not in held], [p for i, p in enumerate(paths) if i in held]


def load_patch_source(
    paths: Sequence[Path],
    scale: int,
    *,
    min_side: int,
    rescales: Sequence[float] = DEFAULT_RESCALES,
    jpeg: tuple[int, int] | None = None,
    seed: int = 0,
    low_res: bool = False,
) -> PatchSource:
    """Degraded/ground-truth pairs of the given picture files (usually :attr:`ImageScan.usable`).

    ``jpeg`` is the range of qualities the low-res inputs are saved at (None: not compressed); the
    qualities depend only on ``seed`` and the files, so a resumed run trains on the same pairs. With ``low_res``
    the inputs are the low-res pictures themselves (for FSRCNN), not their bicubic enlargements.
    A file that cannot be read now (changed since the scan) is skipped and listed.
    """
    source = PatchSource(scale, jpeg, np.random.default_rng(seed), low_res=low_res)
    for path in paths:
        try:
            colour, _ = split_alpha(load_image(path))
        except Exception as exc:  # whatever goes wrong with one picture skips that picture, named
            source.skipped.append(failure_message(path, exc))
            continue
        if source.add_image(colour, rescales, min_side):
            source.image_count += 1
        else:
            source.skipped.append(f"{path}: smaller than {min_side} pixels")
    if not source.inputs:
        raise DatasetError(f"no usable training pictures among {counted(len(paths), 'file')} ({len(source.skipped)} skipped)")
    return source


class PatchSampler:
    """Random aligned crops with the 8 flips/rotations of the square.

    ``label`` is the side of the target patch; the input is larger by the network's radius on every
    side, because the network's convolutions are unpadded during training (as in the paper). With
    ``factor`` > 1 the inputs are low-res (FSRCNN): an input patch of side ``label / factor + 2 radius``
    and the target over its inner part, ``factor`` times larger.
    """

    def __init__(self, source: PatchSource, label: int, radius: int, rng: np.random.Generator, factor: int = 1) -> None:
        if label % factor:
            raise DatasetError(f"the target patch ({label} pixels) must be a multiple of the scale {factor}")
        self.source = source
        self.label = label
        self.radius = radius
        self.factor = factor
        self.rng = rng
        areas = np.array([t.size for t in source.targets], dtype=np.float64)
        self._weights = areas / areas.sum()

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """``size`` input patches (N x 1 x L/f+2r x L/f+2r) and their targets (N x 1 x L x L)."""
        side = self.label // self.factor + 2 * self.radius
        inputs = np.empty((size, 1, side, side), dtype=np.float32)
        targets = np.empty((size, 1, self.label, self.label), dtype=np.float32)
        picks = self.rng.choice(len(self._weights), size=size, p=self._weights)
        for i, k in enumerate(picks):
            degraded, truth = self.source.inputs[k], self.source.targets[k]
            top = int(self.rng.integers(0, degraded.shape[0] - side + 1))
            left = int(self.rng.integers(0, degraded.shape[1] - side + 1))
            x = degraded[top : top + side, left : left + side]
            row, column = (top + self.radius) * self.factor, (left + self.radius) * self.factor
            y = truth[row : row + self.label, column : column + self.label]
            turns, flip = int(self.rng.integers(4)), bool(self.rng.integers(2))
            x, y = np.rot90(x, turns), np.rot90(y, turns)
            if flip:
                x, y = x[:, ::-1], y[:, ::-1]
            inputs[i, 0], targets[i, 0] = x, y
        return inputs, targets
