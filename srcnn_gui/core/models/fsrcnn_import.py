"""FSRCNN state dicts of the common PyTorch reimplementation, read into our FSRCNN.

That layout (``first_part`` = 5 x 5 conv + PReLU; ``mid_part`` = shrinking, ``m`` 3 x 3 mappings and expanding,
each conv + PReLU; ``last_part`` = the 9 x 9 transposed convolution) holds the same weights as ours, with
other borders and another deconvolution crop:

- its convolutions zero-pad every layer where ours mirror the input about its border once (inside the picture
  both agree, as for the SRCNN imports of :mod:`~srcnn_gui.core.models.importing`);
- its transposed convolution has ``padding = 4``: low-res pixel ``q``'s centre tap lands on output pixel
  ``scale q``, where ours lands on ``scale q + 4 - crop`` (:func:`~srcnn_gui.core.models.fsrcnn.deconvolution_crop`).
  So the taps are moved ``4 - crop`` places toward the kernel's start, which gives the reimplementation's
  output pixel for pixel; the taps that move off the kernel (its first rows and columns, far from where a
  trained kernel puts its weight) are dropped, and their share of the kernel's weight is recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from srcnn_gui.core.errors import ModelImportError
from srcnn_gui.core.models.architecture import FSRCNN_DECONV_KERNEL, check_fsrcnn
from srcnn_gui.core.models.fsrcnn import FSRCNN, deconvolution_crop

_REIMPLEMENTATION_CROP = FSRCNN_DECONV_KERNEL // 2  # nn.ConvTranspose2d(..., padding=4)
FSRCNN_PREFIXES = ("first_part.", "mid_part.", "last_part.")
REIMPLEMENTATION_GEOMETRY = ("zeros before every layer; transposed convolution padding 4 "
                             "(low-res pixel q's centre tap on output pixel scale q)")


def is_fsrcnn_state(state: dict[str, Any]) -> bool:
    """Whether a state dict has the reimplementation's FSRCNN layout."""
    return any(key.startswith(FSRCNN_PREFIXES) for key in state)


def _tensor(source: Path, state: dict[str, Any], key: str) -> torch.Tensor:
    value = state.get(key)
    if not isinstance(value, torch.Tensor):
        raise ModelImportError(f"{source}: no tensor {key} (an FSRCNN state dict has first_part, mid_part and last_part)")
    if not torch.isfinite(value).all():
        raise ModelImportError(f"{source}: {key} holds NaN or infinite values")
    return value.float()


def _sizes(source: Path, state: dict[str, Any]) -> tuple[int, int, int]:
    """d, s and m read from the weights' shapes."""
    d = _tensor(source, state, "first_part.0.weight").shape[0]
    s = _tensor(source, state, "mid_part.0.weight").shape[0]
    mid_convs = sorted({int(key.split(".")[1]) for key in state if key.startswith("mid_part.") and key.endswith(".bias")
                        and key.split(".")[1].isdigit()})
    m = len(mid_convs) - 2  # shrinking and expanding around the mappings
    if m < 0:
        raise ModelImportError(f"{source}: mid_part holds {len(mid_convs)} convolutions; FSRCNN has shrinking and expanding")
    return d, s, m


def fsrcnn_from_state(source: Path, state: dict[str, Any], scale: int) -> tuple[FSRCNN, dict[str, Any]]:
    """Our FSRCNN (eval mode) holding a reimplementation's weights, and what the import changed, for the metadata."""
    d, s, m = _sizes(source, state)
    try:
        check_fsrcnn(d, s, m, scale)
    except Exception as exc:
        raise ModelImportError(f"{source}: {exc}") from exc
    model = FSRCNN(scale, d, s, m)
    ours = [layer for layer in model.body]
    theirs = ["first_part.0", "first_part.1"] + [f"mid_part.{i}" for i in range(2 * (m + 2))]
    with torch.no_grad():
        for layer, name in zip(ours, theirs, strict=True):
            for part, parameter in layer.named_parameters():
                weights = _tensor(source, state, f"{name}.{part}")
                if weights.shape != parameter.shape:
                    raise ModelImportError(f"{source}: {name}.{part} is {tuple(weights.shape)}; FSRCNN({d}, {s}, {m}) "
                                           f"needs {tuple(parameter.shape)}")
                parameter.copy_(weights)
        kernel = _tensor(source, state, "last_part.weight")
        if kernel.shape != model.deconv.weight.shape:
            raise ModelImportError(f"{source}: last_part.weight is {tuple(kernel.shape)}; the deconvolution needs "
                                   f"{tuple(model.deconv.weight.shape)}")
        shift = _REIMPLEMENTATION_CROP - deconvolution_crop(scale)
        model.deconv.weight.zero_()
        model.deconv.weight[..., : FSRCNN_DECONV_KERNEL - shift, : FSRCNN_DECONV_KERNEL - shift] = kernel[..., shift:, shift:]
        model.deconv.bias.copy_(_tensor(source, state, "last_part.bias"))
        dropped = 1.0 - float(model.deconv.weight.abs().sum() / kernel.abs().sum().clamp_min(1e-12))
    notes = {"deconvolution_taps_moved": shift, "dropped_weight_share": round(dropped, 6)}
    return model.eval(), notes
