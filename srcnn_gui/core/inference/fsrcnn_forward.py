"""FSRCNN's unpadded forward pass laid out for the CPU: the same sums as
:meth:`~srcnn_gui.core.models.fsrcnn.FSRCNN.forward_valid`, in faster kernels.

- The first layer has one input channel, for which oneDNN has only slow generic kernels: stacking the
  5 row-shifted copies of the input as 5 channels turns its 5 x 5 convolution into a 1 x 5 one over 5
  channels (as :mod:`~srcnn_gui.core.inference.cpu_forward` does for SRCNN), about twice as fast.
- Weights are copied once, channels-last, and the deconvolution's sub-pixel kernel is built once
  rather than on every call.

Everything stays float32: the network's multiply-adds are few, and rounding them gains little time.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.models.fsrcnn import FSRCNN, subpixel_kernel, subpixel_taps

_CHANNELS_LAST = torch.channels_last


class FsrcnnForward:
    """A frozen copy of an FSRCNN's weights, laid out for :meth:`__call__`; the model is not kept."""

    method = "direct"
    uses_bf16 = False

    def __init__(self, model: FSRCNN) -> None:
        self.radius, self.scale = model.radius, model.scale
        self.start = model.output_start
        layers = list(model.body)
        convs = [layer for layer in layers if isinstance(layer, nn.Conv2d)]
        slopes = [layer for layer in layers if isinstance(layer, nn.PReLU)]
        k = convs[0].kernel_size[0]
        with torch.no_grad():
            # Kernel row i of the first layer becomes input channel i of a 1 x k kernel, matching the stacked rows.
            weights = [convs[0].weight.float().reshape(convs[0].out_channels, k, 1, k)]
            weights += [conv.weight.float() for conv in convs[1:]]
            self._layers = [(weight.contiguous(memory_format=_CHANNELS_LAST), conv.bias.float().clone(), prelu.weight.float().clone())
                            for weight, conv, prelu in zip(weights, convs, slopes, strict=True)]
            self._deconv = (subpixel_kernel(model.deconv.weight.float(), self.scale).contiguous(memory_format=_CHANNELS_LAST),
                            model.deconv.bias.float().clone())
        self._taps = subpixel_taps(self.scale)
        self._first_kernel = k

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """An H x W float32 low-res luminance (already extended by the radius) gives scale (H - 2r) x scale (W - 2r)."""
        k = self._first_kernel
        h = x.unfold(0, k, 1).contiguous().permute(2, 0, 1)[None]  # 1 x k x H' x W, channels-last
        for weight, bias, slope in self._layers:
            h = F.prelu(F.conv2d(h, weight, bias), slope)
        kernel, bias = self._deconv
        full = F.pixel_shuffle(F.conv2d(h, kernel, padding=self._taps - 1), self.scale)[0, 0]
        r, s = self.radius, self.scale
        height, width = s * (x.shape[0] - 2 * r), s * (x.shape[1] - 2 * r)
        return full[self.start : self.start + height, self.start : self.start + width] + bias
