"""Models in a user's words: a plain label for each model (``SRCNN 9-5-5 x3 — JPEG, strong cleanup``), for the
window's Model box; the exact registry name stays in its tooltip and on the command line.

Read from the model's metadata alone (:class:`~srcnn_gui.core.models.model_info.ModelInfo`), without torch.
"""

from __future__ import annotations

from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.models.architecture import is_fsrcnn, network_words
from srcnn_gui.core.models.model_info import ModelInfo

# What each JPEG denoise level does to a picture, in plain words.
CLEANUP_WORDS = {"low": "light", "medium": "medium", "high": "strong"}


def model_label(info: ModelInfo) -> str:
    """The network, fast where it is FSRCNN, its factor, and for a JPEG model how much it cleans up:
    ``SRCNN 9-5-5 x3``, ``FSRCNN (fast) x3``, ``SRCNN 9-5-5 x3 — JPEG, strong cleanup``; the user's own
    models lead with the name they gave (``leaves — yours, SRCNN 9-5-5 x3``)."""
    network = network_words(info.arch) + (" (fast)" if is_fsrcnn(info.arch) else "")
    label = f"{network} x{info.scale}"
    if info.denoise != NO_DENOISE:
        label += f" — JPEG, {CLEANUP_WORDS.get(info.denoise, info.denoise)} cleanup"
    return label if info.shipped else f"{info.name} — yours, {label}"

