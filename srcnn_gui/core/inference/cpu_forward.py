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
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.models.network import SRCNN

_CHANNELS_LAST = torch.channels_last


class CpuForward:
    """A frozen copy of a model's weights, laid out for :meth:`__call__`; the model is not kept.

    ``bf16`` runs the inner layers with spatial kernels in bfloat16 (see the module notes).
    """

    def __init__(self, model: SRCNN, *, bf16: bool) -> None:
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

    @property
    def uses_bf16(self) -> bool:
        """Whether any layer actually runs in bfloat16 (not for 9-1-5: its inner layer is 1 x 1)."""
        return any(weight.dtype == torch.bfloat16 for weight, _ in self._inner)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """An H x W float32 luminance (already extended by the radius) gives (H - 2r) x (W - 2r)."""
        weight, bias = self._first
        k = weight.shape[-1]
        rows = x.unfold(0, k, 1).contiguous().permute(2, 0, 1)[None]  # 1 x k x H' x W, channels-last
        h = F.conv2d(rows, weight, bias).relu_()
        for weight, bias in self._inner:
            h = F.conv2d(h.to(weight.dtype), weight, bias).relu_()
        height, width = h.shape[-2:]
        k = int(self._last_taps.shape[1] ** 0.5)
        pixels = h.float().permute(0, 2, 3, 1).reshape(height * width, -1)  # channels-last: a view
        taps = (pixels @ self._last_taps).t()[None]
        out = F.fold(taps, (height + k - 1, width + k - 1), k)[0, 0, k - 1 : height, k - 1 : width] + self._last_bias
        if self.residual:
            r = self.radius
            out = out + x[r : x.shape[0] - r, r : x.shape[1] - r]
        return out
