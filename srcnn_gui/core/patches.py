"""Training patches drawn on the fly from folders of images.

Each usable image becomes a few (ground truth, bicubic-degraded) luminance pairs, one per
rescale factor (the FSRCNN trick: downscaled copies of the training images add variety).
Degradation uses the same MATLAB bicubic as evaluation and is done once per image, so drawing a
batch is only slicing, flips and 90-degree turns: the data side costs a few milliseconds per batch
and the cores stay on the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import DatasetError, ImageReadError
from srcnn_gui.core.evaluation import degrade_luminance
from srcnn_gui.core.imaging import find_images, load_image, luminance, modcrop, split_alpha
from srcnn_gui.core.resize import imresize

DEFAULT_RESCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
MAX_SIDE = 1024  # big photos are shrunk first, which bounds memory for "train on my folder"


@dataclass
class PatchSource:
    """Degraded/ground-truth luminance pairs ready for cropping."""

    scale: int
    inputs: list[np.ndarray] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    image_count: int = 0

    def add_image(self, y: np.ndarray, rescales: Sequence[float], min_side: int) -> bool:
        """Add the pairs of one image (luminance in [0, 1]); False if it is too small to use."""
        longest = max(y.shape)
        if longest > MAX_SIDE:
            y = imresize(y, MAX_SIDE / longest)
        added = False
        for factor in rescales:
            hr = y if factor == 1.0 else imresize(y, factor)
            hr = modcrop(np.clip(hr, 0.0, 1.0), self.scale)
            if min(hr.shape) < min_side:
                continue
            self.inputs.append(degrade_luminance(hr * 255.0, self.scale).astype(np.float32))
            self.targets.append(hr.astype(np.float32))
            added = True
        return added


def load_patch_source(
    folders: Sequence[Path],
    scale: int,
    *,
    min_side: int,
    rescales: Sequence[float] = DEFAULT_RESCALES,
) -> PatchSource:
    """Read every image below ``folders``; unreadable or too-small files are skipped and listed."""
    source = PatchSource(scale)
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise DatasetError(f"{folder}: not a folder")
        for path in find_images(folder):
            try:
                colour, _ = split_alpha(load_image(path))
            except ImageReadError as exc:
                source.skipped.append(str(exc))
                continue
            if source.add_image(luminance(colour), rescales, min_side):
                source.image_count += 1
            else:
                source.skipped.append(f"{path}: smaller than {min_side} pixels")
    if not source.inputs:
        where = ", ".join(str(f) for f in folders)
        raise DatasetError(f"no usable training images in {where} ({len(source.skipped)} skipped)")
    return source


class PatchSampler:
    """Random aligned crops with the 8 flips/rotations of the square.

    ``label`` is the side of the target patch; the input is larger by the network's radius on every
    side, because the network's convolutions are unpadded during training (as in the paper).
    """

    def __init__(self, source: PatchSource, label: int, radius: int, rng: np.random.Generator) -> None:
        self.source = source
        self.label = label
        self.radius = radius
        self.rng = rng
        areas = np.array([t.size for t in source.targets], dtype=np.float64)
        self._weights = areas / areas.sum()

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """``size`` input patches (N x 1 x L+2r x L+2r) and their targets (N x 1 x L x L)."""
        side = self.label + 2 * self.radius
        inputs = np.empty((size, 1, side, side), dtype=np.float32)
        targets = np.empty((size, 1, self.label, self.label), dtype=np.float32)
        picks = self.rng.choice(len(self._weights), size=size, p=self._weights)
        for i, k in enumerate(picks):
            degraded, truth = self.source.inputs[k], self.source.targets[k]
            top = int(self.rng.integers(0, degraded.shape[0] - side + 1))
            left = int(self.rng.integers(0, degraded.shape[1] - side + 1))
            x = degraded[top : top + side, left : left + side]
            r = self.radius
            y = truth[top + r : top + r + self.label, left + r : left + r + self.label]
            turns, flip = int(self.rng.integers(4)), bool(self.rng.integers(2))
            x, y = np.rot90(x, turns), np.rot90(y, turns)
            if flip:
                x, y = x[:, ::-1], y[:, ::-1]
            inputs[i, 0], targets[i, 0] = x, y
        return inputs, targets
