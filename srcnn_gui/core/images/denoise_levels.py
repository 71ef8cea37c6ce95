"""JPEG denoise levels: the qualities each level's models are trained on and chosen for, and the names
the options offer. Kept apart from :mod:`srcnn_gui.core.images.jpeg` (numpy, Pillow) so that the
command line offers these names, and lists models, without loading either.
"""

from __future__ import annotations

from dataclasses import dataclass

# "auto" picks a level for qualities of at least its ``auto_from`` (lower ones go to the next, stronger
# level); files of quality 95 or more, and lossless ones, get the clean models.


@dataclass(frozen=True)
class DenoiseLevel:
    """One denoise level: which JPEGs its models are trained on and chosen for."""

    name: str
    train_qualities: tuple[int, int]
    auto_from: int

    @property
    def validation_quality(self) -> int:
        """The JPEG quality its models are validated and ranked at: the middle of the training range."""
        return round(sum(self.train_qualities) / 2)


DENOISE_LEVELS = (
    DenoiseLevel("low", (75, 95), 80),
    DenoiseLevel("medium", (45, 80), 50),
    DenoiseLevel("high", (20, 50), 1),
)
NO_DENOISE = "none"
AUTO = "auto"
CLEAN_FROM_QUALITY = 95
DENOISE_CHOICES = (AUTO, NO_DENOISE, *(level.name for level in DENOISE_LEVELS))


def denoise_level(name: str) -> DenoiseLevel:
    """The level called ``name``; ValueError listing the levels otherwise."""
    for level in DENOISE_LEVELS:
        if level.name == name:
            return level
    raise ValueError(f"unknown denoise level '{name}': choose {', '.join(lv.name for lv in DENOISE_LEVELS)}")


def ranking_quality(name: str) -> int | None:
    """The JPEG quality a model of denoise level ``name`` is measured at (None: clean inputs)."""
    return None if name == NO_DENOISE else denoise_level(name).validation_quality


def level_for_quality(quality: int | None) -> str:
    """The level "auto" picks for a JPEG of ``quality`` (None: not a JPEG, so no denoising)."""
    if quality is None or quality >= CLEAN_FROM_QUALITY:
        return NO_DENOISE
    return next(level.name for level in DENOISE_LEVELS if quality >= level.auto_from)
