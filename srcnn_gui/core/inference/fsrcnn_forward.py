"""FSRCNN's unpadded forward pass laid out for the CPU: the same sums as
:meth:`~srcnn_gui.core.models.fsrcnn.FSRCNN.forward_valid`, in faster kernels.

- The first layer has one input channel, for which oneDNN has only slow generic kernels: stacking the
  5 row-shifted copies of the input as 5 channels turns its 5 x 5 convolution into a 1 x 5 one over 5
  channels (as :mod:`~srcnn_gui.core.inference.cpu_forward` does for SRCNN), about twice as fast.
- Weights are copied once, channels-last, and the deconvolution's sub-pixel kernel is built once
  rather than on every call.

- PReLU runs on the channels-last maps seen as one row of ``width x channels`` values per picture row, the
  slopes repeated to match: torch's own PReLU over channels-last maps barely vectorises (its per-channel slope
  repeats every few values; in bf16 it was 30x slower).

With ``bf16`` (CPUs with native bf16 dot products) every convolution runs in bfloat16, sums accumulated
in float32: about 2x faster per layer (docs/benchmarks.md, session 16). Two rearrangements keep what
bf16's 8 significant bits would cost out of the picture:

- *Input*: the low-res picture is split into a bf16 part and the bf16 rounding of what that leaves
  (``x = hi + lo`` to 16 bits), given to the first layer as twice the channels with the same weights.
- *Output*: a bf16 output would round the picture itself. The deconvolution instead computes the output
  minus the low-res pixel it lies over, a small difference whose rounding is small, and the pixel is added
  back in float32. The pixel (``hi`` and ``lo``) reaches the deconvolution as two extra maps that every layer
  passes on unchanged (a weight of 1 at the kernel's centre, a PReLU slope of 1: exact in bf16), and the
  deconvolution weighs them -1 at the tap under each output block.

What remains is the rounding of the inner maps: on Set5 / Set14 / Kodak24, -0.006 / -0.006 / -0.005 dB
at x3 and -0.004 / -0.002 / -0.003 dB at x4, but -0.04 / -0.02 / -0.02 dB at x2, whose sharper output leaves
less room: x2 stays float32 (:func:`bf16_suits`).
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.models.fsrcnn import FSRCNN, deconvolution_margin, subpixel_kernel, subpixel_taps

_CHANNELS_LAST = torch.channels_last
_BF16 = torch.bfloat16
# The smallest scale whose FSRCNN runs in bf16 (see the module notes for the measured cost at x2).
BF16_MIN_SCALE = 3
# The two maps that carry the low-res picture (its bf16 part and the rest) through the bf16 layers.
_PICTURE_MAPS = 2


def bf16_suits(model: FSRCNN) -> bool:
    """Whether bf16 costs this FSRCNN under 0.01 dB (measured: from x3 up, see the module notes)."""
    return model.scale >= BF16_MIN_SCALE


def _prelu(h: torch.Tensor, slope: torch.Tensor) -> torch.Tensor:
    """PReLU of 1 x C x H x W channels-last maps, row by row (see the module notes)."""
    _, channels, height, width = h.shape
    rows = F.prelu(h.permute(0, 2, 3, 1).reshape(height, width * channels), slope.repeat(width))
    return rows.view(1, height, width, channels).permute(0, 3, 1, 2)


def _split(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``x`` as two bf16 parts whose sum carries 16 significant bits."""
    hi = x.to(_BF16)
    return hi, (x - hi.float()).to(_BF16)


def _passing_on(weight: torch.Tensor, bias: torch.Tensor, slope: torch.Tensor, picture: list[int]
                ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A layer that also passes on the picture's two maps, input channels ``picture``: two more output channels
    that copy them (a weight of 1 at the kernel's centre), their PReLU slope 1."""
    _, in_channels, kh, kw = weight.shape
    extra = torch.zeros(_PICTURE_MAPS, in_channels, kh, kw)
    extra[range(_PICTURE_MAPS), picture, kh // 2, kw // 2] = 1.0
    return torch.cat([weight, extra]), torch.cat([bias, torch.zeros(_PICTURE_MAPS)]), torch.cat([slope, torch.ones(_PICTURE_MAPS)])


def _reading_the_picture(weight: torch.Tensor) -> torch.Tensor:
    """A layer's weights for its input with the picture's two maps appended, which it does not use."""
    out_channels, _, kh, kw = weight.shape
    return torch.cat([weight, torch.zeros(out_channels, _PICTURE_MAPS, kh, kw)], 1)


def _pixel_taps(scale: int, start: int) -> tuple[torch.Tensor, int]:
    """The deconvolution's kernel for the picture's two maps (-1 at the low-res pixel under each output block)
    and where that pixel is: ``offset`` rows and columns after the block's own position in the picture."""
    n, margin = subpixel_taps(scale), deconvolution_margin(scale)
    # Full output row s * q + p is kept row s * q + p - start, over picture row (s * q + p - start + 0.5) / s - 0.5
    # (radius aside): for the block's middle phase p, rounded, q + offset.
    offset = math.floor(((scale - 1) // 2 - start + 0.5) / scale)
    # The convolution's output q reads map row q + t - (n - 1), which is picture row q + t - (n - 1) - margin.
    tap = min(max(margin + offset + n - 1, 0), n - 1)
    taps = torch.zeros(scale * scale, _PICTURE_MAPS, n, n)
    taps[:, :, tap, tap] = -1.0
    return taps, tap - margin - n + 1


def _carrying_the_picture(layers: list[tuple[torch.Tensor, ...]], deconv: torch.Tensor, first_kernel: int, scale: int,
                          start: int) -> tuple[list[tuple[torch.Tensor, ...]], torch.Tensor, int]:
    """The bf16 layout (module notes): the first layer reads the picture's two parts (its weights twice over, their
    centre rows passed on), every layer passes the picture on, the deconvolution subtracts it; and the offset of the
    pixel it subtracts (:func:`_pixel_taps`)."""
    k = first_kernel
    (weight, bias, slope), *rest = layers
    # The first layer's input: the k rows of hi, then the k rows of lo; the picture is their centre rows.
    carried = [_passing_on(torch.cat([weight, weight], 1), bias, slope, [k // 2, k + k // 2])]
    for weight, bias, slope in rest:
        inputs = weight.shape[1]
        carried.append(_passing_on(_reading_the_picture(weight), bias, slope, [inputs, inputs + 1]))
    taps, offset = _pixel_taps(scale, start)
    return carried, torch.cat([deconv, taps], 1), offset


class FsrcnnForward:
    """A frozen copy of an FSRCNN's weights, laid out for :meth:`__call__`; the model is not kept."""

    method = "direct"

    def __init__(self, model: FSRCNN, *, bf16: bool = False) -> None:
        self.radius, self.scale = model.radius, model.scale
        self.start = model.output_start
        self.uses_bf16 = bf16
        convs = [layer for layer in model.body if isinstance(layer, nn.Conv2d)]
        slopes = [layer.weight.detach().float() for layer in model.body if isinstance(layer, nn.PReLU)]
        k = self._first_kernel = convs[0].kernel_size[0]
        # Kernel row i of the first layer becomes input channel i of a 1 x k kernel, matching the stacked rows.
        weights = [convs[0].weight.detach().float().reshape(convs[0].out_channels, k, 1, k)]
        weights += [conv.weight.detach().float() for conv in convs[1:]]
        biases = [conv.bias.detach().float() for conv in convs]
        layers = list(zip(weights, biases, slopes, strict=True))
        deconv = subpixel_kernel(model.deconv.weight.detach().float(), self.scale)
        self._bias = model.deconv.bias.detach().float().clone()
        self._taps = subpixel_taps(self.scale)
        self._pixel_offset = 0
        if bf16:
            layers, deconv, self._pixel_offset = _carrying_the_picture(layers, deconv, k, self.scale, self.start)
        dtype = _BF16 if bf16 else torch.float32
        self._layers = [(w.to(dtype).contiguous(memory_format=_CHANNELS_LAST), b.to(dtype), a.to(dtype)) for w, b, a in layers]
        self._deconv = deconv.to(dtype).contiguous(memory_format=_CHANNELS_LAST)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """An H x W float32 low-res luminance (already extended by the radius) gives scale (H - 2r) x scale (W - 2r)."""
        k, s = self._first_kernel, self.scale
        if self.uses_bf16:
            hi, lo = _split(x)
            h = torch.cat([hi.unfold(0, k, 1), lo.unfold(0, k, 1)], 2)
        else:
            h = x.unfold(0, k, 1).contiguous()
        h = h.permute(2, 0, 1)[None]  # 1 x k (bf16: 2k) x H' x W, channels-last
        for weight, bias, slope in self._layers:
            h = _prelu(F.conv2d(h, weight, bias), slope)
        maps = F.conv2d(h, self._deconv, padding=self._taps - 1)[0]  # s*s x Q x P: a map per place in an s x s block
        q, p = maps.shape[-2:]
        blocks = maps.permute(1, 2, 0).view(q, p, s, s).permute(0, 2, 1, 3)  # Q x s x P x s: the pixel shuffle, a view
        # bf16: the output less the low-res pixel under each block, which is added back here (module notes).
        under = self._bias
        if self.uses_bf16:
            first = self.radius + self._pixel_offset
            rows = (first + torch.arange(q)).clamp_(0, x.shape[0] - 1)
            cols = (first + torch.arange(p)).clamp_(0, x.shape[1] - 1)
            under = (x + self._bias)[rows][:, cols].view(q, 1, p, 1)
        full = torch.empty(q, s, p, s)  # in the picture's order: the sum is written so, not in the maps' order
        torch.add(blocks, under, out=full)
        r = self.radius
        height, width = s * (x.shape[0] - 2 * r), s * (x.shape[1] - 2 * r)
        return full.view(q * s, p * s)[self.start : self.start + height, self.start : self.start + width]
