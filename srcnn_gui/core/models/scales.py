"""The upscaling factors: the scales we ship models for, train and offer in every menu and option."""

from __future__ import annotations

SCALES = (2, 3, 4)
