"""Inference: one small object owns the pipeline, in three visible stages.

1. *prepare*: split off alpha, upscale everything with bicubic, take the luminance;
2. *run*: the network refines the luminance, tile by tile (each tile read with the receptive-field
   radius of context from a once-padded image, so tiling changes nothing);
3. *finish*: luminance back into the bicubic chroma, alpha re-attached, values clipped.

Progress is reported through a callback after each tile, and a cancel check before each tile stops
the work within one tile by raising :class:`CancelledError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from srcnn_gui.core.device import select_device
from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.imaging import merge_alpha, premultiply, rgb_to_ycbcr, split_alpha, unpremultiply, ycbcr_to_rgb
from srcnn_gui.core.model import SRCNN
from srcnn_gui.core.resize import imresize
from srcnn_gui.core.tiling import tile_boxes
from srcnn_gui.core.weights import ModelInfo, load_model

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

DEFAULT_TILE = 384


@dataclass(frozen=True)
class UpscaleResult:
    """Both pictures the viewer compares, in the internal image form."""

    bicubic: np.ndarray
    srcnn: np.ndarray


class Upscaler:
    """Runs one SRCNN model on images of any size.

    ``tile`` bounds the side of the luminance region fed to the network at once (``None``: whole
    image). ``half`` runs in fp16; by default only on CUDA.
    """

    def __init__(
        self,
        model: SRCNN,
        scale: int,
        *,
        device: torch.device | str = "auto",
        tile: int | None = DEFAULT_TILE,
        half: bool | None = None,
    ) -> None:
        self.device = device if isinstance(device, torch.device) else select_device(device)
        self.half = self.device.type == "cuda" if half is None else half
        self.dtype = torch.float16 if self.half else torch.float32
        self.model = model.eval().to(self.device, self.dtype)
        self.scale = scale
        self.tile = tile

    @classmethod
    def from_info(cls, info: ModelInfo, **kwargs: object) -> Upscaler:
        """Load a registry entry (see :mod:`srcnn_gui.core.weights`) and wrap it."""
        model, info = load_model(info.path)
        return cls(model, info.scale, **kwargs)  # type: ignore[arg-type]

    def count_tiles(self, height: int, width: int) -> int:
        """How many tiles (progress steps) an output of this size takes."""
        return len(tile_boxes(height, width, self.tile))

    @torch.inference_mode()
    def enhance_luminance(
        self,
        luminance: np.ndarray,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> np.ndarray:
        """Refine a bicubic-upscaled H x W luminance in [0, 1]; same size, float32, not clipped."""
        r = self.model.radius
        padded = np.pad(luminance.astype(np.float32, copy=False), r, mode="edge")
        source = torch.from_numpy(padded)
        out = np.empty(luminance.shape, dtype=np.float32)
        boxes = tile_boxes(*luminance.shape, self.tile)
        for done, box in enumerate(boxes):
            if cancelled is not None and cancelled():
                raise CancelledError(f"cancelled after {done} of {len(boxes)} tiles")
            patch = source[box.top : box.bottom + 2 * r, box.left : box.right + 2 * r]
            x = patch[None, None].to(self.device, self.dtype)
            out[box.top : box.bottom, box.left : box.right] = self.model.forward_valid(x)[0, 0].float().cpu().numpy()
            if progress is not None:
                progress(done + 1, len(boxes))
        return out

    def upscale(
        self,
        image: np.ndarray,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> UpscaleResult:
        """Enlarge an internal-form image by the model's scale; returns bicubic and SRCNN versions."""
        colour, alpha = split_alpha(image)
        colour = colour.astype(np.float32, copy=False)
        big_alpha = None if alpha is None else np.clip(imresize(alpha, self.scale), 0.0, 1.0)
        if alpha is None:
            bicubic_colour = imresize(colour, self.scale)
        else:
            # Resample premultiplied colour, so invisible pixels (often black) leave no dark halo.
            bicubic_colour = unpremultiply(imresize(premultiply(colour, alpha), self.scale), big_alpha)
        if colour.shape[2] == 3:
            ycbcr = rgb_to_ycbcr(bicubic_colour)
            ycbcr[..., 0] = self.enhance_luminance(ycbcr[..., 0], progress, cancelled)
            srcnn_colour = ycbcr_to_rgb(ycbcr)
        else:
            srcnn_colour = self.enhance_luminance(bicubic_colour[..., 0], progress, cancelled)[..., None]
        return UpscaleResult(
            bicubic=merge_alpha(np.clip(bicubic_colour, 0.0, 1.0), big_alpha),
            srcnn=merge_alpha(np.clip(srcnn_colour, 0.0, 1.0), big_alpha),
        )
