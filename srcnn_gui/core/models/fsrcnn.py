"""FSRCNN (Dong, Loy, Tang, "Accelerating the Super-Resolution Convolutional Neural Network", ECCV 2016).

Unlike SRCNN it works on the low-resolution luminance itself: 5x5 feature extraction (``d`` maps),
1x1 shrinking (``s``), ``m`` 3x3 mapping layers, 1x1 expanding, PReLU after each, and a 9x9 learned
deconvolution of stride ``scale`` that enlarges only at the end: about 40x fewer operations per output
pixel than SRCNN 9-5-5.

Padding and alignment, our choice (as :mod:`~srcnn_gui.core.models.network` does for SRCNN): the
convolutions are unpadded, and :meth:`FSRCNN.forward` first extends the low-res input by
:attr:`FSRCNN.radius` pixels, mirrored about its border (:mod:`~srcnn_gui.core.models.border`). The
deconvolution's full output is then cropped by :func:`deconvolution_crop` so that output pixel ``i`` lies
over low-res position ``(i + 0.5) / scale - 0.5``, the grid MATLAB's ``imresize`` (our bicubic, the training pairs' degradation) uses: the kernel's centre tap
lands on the output pixel nearest to the low-res pixel's centre, and the learned weights absorb the rest
of the sub-pixel offset (half an output pixel at even scales). Tiles read with :attr:`FSRCNN.radius` of
context therefore give exactly the whole picture's result (``tests/core/models/test_fsrcnn.py``).

The deconvolution's weights keep the paper's layout (``nn.ConvTranspose2d``: what is imported and exported),
but it is computed as the same sums rearranged: one convolution with ``scale**2`` output maps, one per
position in a ``scale`` x ``scale`` block, then a pixel shuffle. A one-map transposed convolution runs in
slow generic kernels on the CPU; the convolution in fast ones (measured 4-6x faster, training included).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.models.architecture import FSRCNN_DECONV_KERNEL, FSRCNN_DEFAULTS, fsrcnn_name
from srcnn_gui.core.models.border import extend_border_tensor

_FEATURE_KERNEL = 5
_MAPPING_KERNEL = 3


def deconvolution_crop(scale: int, kernel: int = FSRCNN_DECONV_KERNEL) -> int:
    """Output pixels cut from the start of the deconvolution's full output so that it sits on bicubic's grid."""
    return (kernel - scale) // 2


def subpixel_taps(scale: int, kernel: int = FSRCNN_DECONV_KERNEL) -> int:
    """The side of the convolution that computes the deconvolution (:func:`subpixel_kernel`)."""
    return (kernel - 1) // scale + 1


def subpixel_kernel(weight: torch.Tensor, scale: int) -> torch.Tensor:
    """A transposed convolution's ``d x 1 x k x k`` weight as a ``scale**2 x d x n x n`` convolution kernel.

    The transposed convolution's full output at ``scale * p + phase`` sums tap ``scale * u + phase`` of the
    input at ``p - u``; as a convolution over an input padded by ``n - 1`` that is kernel position
    ``n - 1 - u`` of output map ``phase``: taps regrouped by phase, reversed, and zero beyond ``k``.
    """
    d, k = weight.shape[0], weight.shape[-1]
    n = subpixel_taps(scale, k)
    padded = F.pad(weight[:, 0], (0, n * scale - k, 0, n * scale - k))
    by_phase = padded.reshape(d, n, scale, n, scale).flip(1, 3)  # d, u (reversed), phase y, u (reversed), phase x
    return by_phase.permute(2, 4, 0, 1, 3).reshape(scale * scale, d, n, n)


def deconvolution_margin(scale: int, kernel: int = FSRCNN_DECONV_KERNEL) -> int:
    """Low-res pixels of context the deconvolution needs on each side for every kept output pixel to be complete:
    the first kept pixel takes taps from ``(kernel - 1 - crop) // scale`` pixels before, the last from
    ``(crop - 1) // scale + 1`` after."""
    crop = deconvolution_crop(scale, kernel)
    return max((kernel - 1 - crop) // scale, (crop - 1) // scale + 1)


class FSRCNN(nn.Module):
    """FSRCNN(d, s, m) for one ``scale``: low-res luminance in, luminance ``scale`` times larger out."""

    enlarges = True  # the network itself enlarges: its input is the low-res picture, not a bicubic enlargement

    def __init__(self, scale: int, d: int = FSRCNN_DEFAULTS["d"], s: int = FSRCNN_DEFAULTS["s"],
                 m: int = FSRCNN_DEFAULTS["m"]) -> None:
        super().__init__()
        self.scale, self.d, self.s, self.m = scale, d, s, m
        layers: list[nn.Module] = [nn.Conv2d(1, d, _FEATURE_KERNEL), nn.PReLU(d), nn.Conv2d(d, s, 1), nn.PReLU(s)]
        for _ in range(m):
            layers += [nn.Conv2d(s, s, _MAPPING_KERNEL), nn.PReLU(s)]
        layers += [nn.Conv2d(s, d, 1), nn.PReLU(d)]
        self.body = nn.Sequential(*layers)
        self.deconv = nn.ConvTranspose2d(d, 1, FSRCNN_DECONV_KERNEL, stride=scale)
        self._init_weights()

    def _init_weights(self) -> None:
        for conv in (m for m in self.body if isinstance(m, nn.Conv2d)):
            nn.init.kaiming_normal_(conv.weight, a=0.25, nonlinearity="leaky_relu")  # PReLU starts at slope 0.25
            nn.init.zeros_(conv.bias)
        nn.init.normal_(self.deconv.weight, std=1e-3)  # as in the paper: the last layer starts near zero
        nn.init.zeros_(self.deconv.bias)

    @property
    def input_factor(self) -> int:
        """How much larger its output is than its input: the scale."""
        return self.scale

    @property
    def name(self) -> str:
        """The configuration's name, e.g. ``fsrcnn`` (the paper's 56-12-4) or ``fsrcnn-32-5-1``."""
        return fsrcnn_name(self.d, self.s, self.m)

    @property
    def radius(self) -> int:
        """Low-res pixels of context each output pixel needs on every side."""
        return self.radius_of_convolutions + deconvolution_margin(self.scale)

    @property
    def radius_of_convolutions(self) -> int:
        """The part of :attr:`radius` the unpadded convolutions before the deconvolution take."""
        return _FEATURE_KERNEL // 2 + self.m * (_MAPPING_KERNEL // 2)

    @property
    def output_start(self) -> int:
        """Where the kept output starts in the deconvolution's full output (see :func:`deconvolution_crop`)."""
        return deconvolution_crop(self.scale) + self.scale * (self.radius - self.radius_of_convolutions)

    def config(self) -> dict[str, object]:
        """Constructor arguments as plain values, saved beside the weights."""
        return {"arch": self.name, "d": self.d, "s": self.s, "m": self.m, "scale": self.scale}

    def forward_valid(self, x: torch.Tensor) -> torch.Tensor:
        """Unpadded pass: an N x 1 x H x W low-res input gives N x 1 x scale(H - 2r) x scale(W - 2r)."""
        features = self.body(x)
        n = subpixel_taps(self.scale)
        phases = F.conv2d(features, subpixel_kernel(self.deconv.weight, self.scale), padding=n - 1)
        full = F.pixel_shuffle(phases, self.scale) + self.deconv.bias  # the transposed convolution's output, and more
        start = self.output_start
        height = self.scale * (x.shape[-2] - 2 * self.radius)
        width = self.scale * (x.shape[-1] - 2 * self.radius)
        return full[..., start : start + height, start : start + width]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Enlarge by ``scale``, pixel-aligned with bicubic: the picture is first extended beyond its border
        (:mod:`~srcnn_gui.core.models.border`)."""
        r = self.radius
        return self.forward_valid(extend_border_tensor(x, r))
