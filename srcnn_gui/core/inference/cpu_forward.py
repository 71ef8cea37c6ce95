"""SRCNN's unpadded forward pass rearranged for speed on the CPU: the same function, other kernels.

Profiles of plain eager PyTorch on the project's 2-core AVX-512 machine (docs/benchmarks.md) show
three costs out of proportion to their multiply-adds, and each has a rearrangement here:

- The first layer has one input channel, for which oneDNN has only slow generic kernels. Stacking
  the ``k`` row-shifted copies of the input as ``k`` channels turns its k x k convolution into a
  1 x k convolution over ``k`` channels (the same sums in another order), which runs in the fast
  channels-last kernels and hands the next layer channels-last maps without a reorder.
- The last layer has one output channel, equally slow: it is a matrix product of the feature maps
  with the kernel taps, then col2im (``F.fold``) adds each tap's plane at its offset.
- The inner layers with spatial kernels (90% of the multiply-adds of 9-5-5) run in bfloat16 where
  the CPU has native bf16 dot products (the sums are still accumulated in float32). The first and
  last layers stay float32: rounding the input picture or the output to bf16's 8 significant bits
  costs measurable PSNR (all layers in bf16: up to 0.02 dB on Set5; inner layers only: under 0.01).
  1 x 1 inner layers stay float32 too: they are cheap, and keeping them exact costs nothing.
- Elsewhere a single 5 x 5 inner layer (9-5-5) runs as Winograd F(4x4, 5x5) in float32
  (:mod:`~srcnn_gui.core.inference.winograd`: 6.25x fewer multiplies, equal to the direct convolution
  to about 1e-5), where numba is installed. It needs the layer's output sides to be multiples of 4:
  the input is extended at the bottom and right by up to 3 zero rows and columns, and the extra
  outputs they produce are cut off (valid convolutions: no kept output reads them).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.inference import winograd
from srcnn_gui.core.models.network import SRCNN

_CHANNELS_LAST = torch.channels_last


class CpuForward:
    """A frozen copy of a model's weights, laid out for :meth:`__call__`; the model is not kept.

    ``bf16`` runs the inner layers with spatial kernels in bfloat16 (see the module notes);
    ``fast_5x5`` (when not bf16) runs a single 5 x 5 inner layer by Winograd where numba is installed.
    """

    def __init__(self, model: SRCNN, *, bf16: bool, fast_5x5: bool = True) -> None:
        convs = [layer for layer in model.body if isinstance(layer, nn.Conv2d)]
        first, *inner, last = convs
        self.radius = model.radius
        self.residual = model.residual
        self.bf16 = bf16
        with torch.no_grad():
            k = first.kernel_size[0]
            # Kernel row i becomes input channel i of a 1 x k kernel, matching the stacked input rows.
            self._first = (first.weight.float().reshape(first.out_channels, k, 1, k).contiguous(memory_format=_CHANNELS_LAST),
                           first.bias.float().clone())
            self._inner = []
            for conv in inner:
                dtype = torch.bfloat16 if bf16 and conv.kernel_size[0] > 1 else torch.float32
                self._inner.append((conv.weight.to(dtype).contiguous(memory_format=_CHANNELS_LAST), conv.bias.to(dtype)))
            k = last.kernel_size[0]
            # Flipped taps: F.fold adds the tap of kernel position (i, j) at offset (k-1-i, k-1-j).
            self._last_taps = last.weight[0].float().flip(-2, -1).reshape(last.in_channels, k * k).contiguous()
            self._last_bias = last.bias.float().clone()
        use_winograd = (fast_5x5 and not bf16 and winograd.available() and len(inner) == 1
                        and inner[0].kernel_size == (winograd.KERNEL, winograd.KERNEL))
        self._winograd = winograd.Winograd5x5(inner[0].weight, inner[0].bias) if use_winograd else None
        # Rows and columns the Winograd layer's output has beyond the network's own output.
        self._winograd_margin = last.kernel_size[0] - 1

    @property
    def method(self) -> str:
        """How the 5 x 5 middle layer runs, for reports: ``winograd`` or ``direct``."""
        return "winograd" if self._winograd is not None else "direct"

    @property
    def uses_bf16(self) -> bool:
        """Whether any layer actually runs in bfloat16 (not for 9-1-5: its inner layer is 1 x 1)."""
        return any(weight.dtype == torch.bfloat16 for weight, _ in self._inner)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """An H x W float32 luminance (already extended by the radius) gives (H - 2r) x (W - 2r)."""
        r = self.radius
        out_h, out_w = x.shape[0] - 2 * r, x.shape[1] - 2 * r
        source = x
        if self._winograd is not None:
            fit = winograd.BLOCK
            extra_h, extra_w = (-(out_h + self._winograd_margin) % fit), (-(out_w + self._winograd_margin) % fit)
            source = F.pad(x[None], (0, extra_w, 0, extra_h))[0] if extra_h or extra_w else x
        weight, bias = self._first
        k = weight.shape[-1]
        rows = source.unfold(0, k, 1).contiguous().permute(2, 0, 1)[None]  # 1 x k x H' x W, channels-last
        h = F.conv2d(rows, weight, bias).relu_()
        if self._winograd is not None:
            h = self._winograd(h)
        else:
            for weight, bias in self._inner:
                h = F.conv2d(h.to(weight.dtype), weight, bias).relu_()
        height, width = h.shape[-2:]
        k = int(self._last_taps.shape[1] ** 0.5)
        pixels = h.float().permute(0, 2, 3, 1).reshape(height * width, -1)  # channels-last: a view
        taps = (pixels @ self._last_taps).t()[None]
        out = F.fold(taps, (height + k - 1, width + k - 1), k)[0, 0, k - 1 : k - 1 + out_h, k - 1 : k - 1 + out_w] + self._last_bias
        if self.residual:
            out = out + x[r : x.shape[0] - r, r : x.shape[1] - r]
        return out
