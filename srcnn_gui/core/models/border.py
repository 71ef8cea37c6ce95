"""How a picture is extended beyond its border for the network's context: the one rule, for every path.

The networks' convolutions are unpadded, so a picture is first extended by the receptive-field radius on
every side. The extension is the picture mirrored about its border, edge pixel included (MATLAB's and numpy's
``symmetric``: ``c b a | a b c d | d c b``), as MATLAB's ``imresize`` (our bicubic, the training pairs'
degradation) extends it. The networks learn on pictures' insides only, and a mirror looks more like more of the
picture than the edge row repeated does: measured on Set5 / Set14 (Y-PSNR, dB) against the edge repeated,
FSRCNN x2 +0.004 / +0.059, x3 +0.059 / +0.028, x4 +0.024 / +0.026, SRCNN 9-5-5 x3 +0.019 / +0.026; a mirror
without the edge pixel (``reflect``) lost 0.02-0.03 (docs/experiments/border_extension.md).

Every path that feeds a network (the model's own ``forward``, the engine's whole pictures and bands, the ONNX
graph and the ONNX Runtime peer) extends through this module, so tiles, bands and files stay identical.
"""

from __future__ import annotations

import numpy as np
import torch

NUMPY_MODE = "symmetric"


def extend_border(picture: np.ndarray, widths: int | tuple[tuple[int, int], tuple[int, int]]) -> np.ndarray:
    """A 2-D ``picture`` extended by ``widths`` (one for every side, or ``((top, bottom), (left, right))``)."""
    return np.pad(picture, widths, mode=NUMPY_MODE)


def extend_border_tensor(x: torch.Tensor, radius: int) -> torch.Tensor:
    """An N x C x H x W tensor extended by ``radius`` on every side, as :func:`extend_border` does (any H and W,
    also those smaller than ``radius``)."""
    rows = torch.from_numpy(extend_border(np.arange(x.shape[-2]), radius)).to(x.device)
    cols = torch.from_numpy(extend_border(np.arange(x.shape[-1]), radius)).to(x.device)
    return x.index_select(-2, rows).index_select(-1, cols)
