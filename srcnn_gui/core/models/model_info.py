"""What a model file says about itself (:class:`ModelInfo`), read without loading torch.

A model file is a ``torch.save`` zip whose ``data.pkl`` holds the metadata beside references to the
tensor data (see :mod:`srcnn_gui.core.models.files`). Listing models only needs the metadata, so
:func:`read_info` unpickles ``data.pkl`` alone, with an allow-list even narrower than torch's
``weights_only`` and the tensors left unread: importing torch costs seconds, this a millisecond. A file
this cannot read is read by torch instead, which names the problem; damaged tensor data is found when
the model is loaded (:func:`srcnn_gui.core.models.files.load_model`). Both readers are in
:mod:`srcnn_gui.core.models.safe_loading`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.models.architecture import multiply_adds_per_pixel, network_arguments, network_family, network_words
from srcnn_gui.core.models.safe_loading import read_metadata, read_torch_file

WEIGHTS_FORMAT = "srcnn-gui/1"
# Clean photos none of the shipped models trained on: the score that ranks models (registry.ranked_models).
RANKING_SET = "Kodak24"
MODEL_SUFFIX = ".pt"
_META_DICTS = ("metrics", "validation", "imported")  # entries of ``meta`` that ModelInfo reads as dictionaries


@dataclass(frozen=True)
class ModelInfo:
    """What a model file says about itself."""

    name: str
    path: Path
    scale: int
    config: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    shipped: bool = False

    @property
    def arch(self) -> str:
        return str(self.config.get("arch", "?"))

    @property
    def set5_psnr(self) -> float | None:
        """Set5 Y-PSNR at the model's scale: the model card's measurement or, for a model written by
        training since (which drops the card's record), its last validation when that was on Set5."""
        value = _entry(self.meta, "metrics", "Set5", "psnr")
        if value is None and Path(str(self.meta.get("validation_set") or "")).name == "Set5":
            value = _entry(self.meta, "validation", "psnr")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def family(self) -> str:
        """``SRCNN`` or ``FSRCNN``: what the viewer calls the result."""
        return network_family(self.arch)

    @property
    def held_out_psnr(self) -> float | None:
        """Y-PSNR on :data:`RANKING_SET` at the model's scale (its denoise level's JPEG inputs for a JPEG model), as
        the model card measured it; None where it was not measured."""
        value = _entry(self.meta, "metrics", RANKING_SET, "psnr")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def multiply_adds(self) -> float:
        """Multiply-adds per output pixel: the measure of speed between models of equal quality."""
        return multiply_adds_per_pixel({**network_arguments(self.config), "scale": self.scale})

    @property
    def denoise(self) -> str:
        """The JPEG denoise level the model was trained for ("none": clean inputs)."""
        return str(self.meta.get("denoise") or NO_DENOISE)

    def describe(self) -> str:
        """One line for menus and ``--help`` output."""
        kind = "residual " if self.config.get("residual") else ""
        psnr = f", Set5 {self.set5_psnr:.2f} dB" if self.set5_psnr is not None else self._validation_words()
        level = f", for JPEG ({self.denoise} denoise)" if self.denoise != NO_DENOISE else ""
        return f"{self.name}: {kind}{network_words(self.arch)} x{self.scale}{psnr}{level}"


    def _validation_words(self) -> str:
        """A trained model's score on its own validation pictures, beside its starting weights'."""
        after, before = self.meta.get("psnr_after"), self.meta.get("psnr_before")
        if not isinstance(after, (int, float)):
            return ""
        start = f" (started at {before:.2f})" if isinstance(before, (int, float)) else ""
        return f", validation {after:.2f} dB{start}"


def _entry(values: dict[str, Any], *keys: str) -> Any:
    """``values[k1][k2]...``, or None where an entry is missing or not a dictionary (a model file's meta is the user's)."""
    for key in keys:
        if not isinstance(values, dict):
            return None
        values = values.get(key)
    return values


def check_payload(path: Path, payload: Any) -> dict[str, Any]:
    """``payload`` if it is one of our model files; :class:`ModelLoadError` saying what is wrong otherwise."""
    if not isinstance(payload, dict) or payload.get("format") != WEIGHTS_FORMAT:
        raise ModelLoadError(f"{path}: not an srcnn-gui model file (expected format {WEIGHTS_FORMAT})")
    scale, config = payload.get("scale"), payload.get("config")
    if not isinstance(scale, int) or scale < 2:
        raise ModelLoadError(f"{path}: the file gives no valid scale ({scale!r})")
    if not isinstance(config, dict) or "arch" not in config or not isinstance(payload.get("state_dict"), dict):
        raise ModelLoadError(f"{path}: the file does not say which network its weights belong to")
    try:
        network_arguments(config)
    except ConfigError as exc:
        raise ModelLoadError(f"{path}: unknown network '{config.get('arch')}' ({exc})") from exc
    meta = payload.get("meta", {})
    if not isinstance(meta, dict) or not all(isinstance(meta.get(key) or {}, dict) for key in _META_DICTS):
        raise ModelLoadError(f"{path}: its description (meta) is damaged: expected a dictionary of plain values")
    return payload


def info_from_payload(path: Path, payload: dict[str, Any], *, shipped: bool = False) -> ModelInfo:
    """The :class:`ModelInfo` of a checked payload read from ``path``."""
    return ModelInfo(path.stem, path, int(payload["scale"]), dict(payload["config"]), dict(payload.get("meta", {})), shipped)


def read_info(path: str | os.PathLike[str], *, shipped: bool = False) -> ModelInfo:
    """Metadata of a model file without building the network (and, for our own files, without torch)."""
    path = Path(path)
    try:
        payload = read_metadata(path)
    except Exception:  # not a plain model file (or no file): torch reads it and names the problem
        payload = read_torch_file(path, "model file")
    return info_from_payload(path, check_payload(path, payload), shipped=shipped)
