"""The SRCNN network (Dong et al., ECCV 2014 / TPAMI 2016) and its named configurations.

Padding, our choice: every convolution is "valid" (unpadded), exactly as in the paper's training.
:meth:`SRCNN.forward` first extends the input by the receptive-field radius, mirrored about its
border (:mod:`~srcnn_gui.core.models.border`), so the output has the input's size and each output
pixel sits exactly over the input pixel it was computed for (no half-pixel or border shift). Tiled inference pads the whole
image once and feeds overlapping tiles to :meth:`SRCNN.forward_valid`, which makes it identical
to a single pass.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from srcnn_gui.core.models.architecture import DEFAULT_ARCH, DEFAULT_N1, DEFAULT_N2, EXTRA_LAYER_WIDTH, is_fsrcnn, parse_arch
from srcnn_gui.core.models.border import extend_border_tensor
from srcnn_gui.core.models.fsrcnn import FSRCNN


class SRCNN(nn.Module):
    """Three (or four) convolutions on the luminance of a bicubic-upscaled image.

    ``f1-f2-f3`` are the kernel sizes, ``n1`` and ``n2`` the numbers of feature maps. ``extra_kernel``
    adds a layer of ``n_extra`` maps after the second one (the paper's 9-1-1-5 and 9-3-3-5 models).
    With ``residual`` the network predicts the difference to its input instead of the image.
    """

    def __init__(
        self,
        f1: int = 9,
        f2: int = 5,
        f3: int = 5,
        n1: int = DEFAULT_N1,
        n2: int = DEFAULT_N2,
        *,
        extra_kernel: int | None = None,
        n_extra: int = EXTRA_LAYER_WIDTH,
        residual: bool = False,
    ) -> None:
        super().__init__()
        kernels = [f1, f2] + ([extra_kernel] if extra_kernel else []) + [f3]
        if any(k < 1 or k % 2 == 0 for k in kernels):
            raise ValueError(f"kernel sizes must be odd and positive, got {kernels}")
        widths = [1, n1, n2] + ([n_extra] if extra_kernel else []) + [1]
        layers: list[nn.Module] = []
        for i, k in enumerate(kernels):
            layers.append(nn.Conv2d(widths[i], widths[i + 1], k))
            if i < len(kernels) - 1:
                layers.append(nn.ReLU(inplace=True))
        self.body = nn.Sequential(*layers)
        self.kernels = tuple(kernels)
        self.n1, self.n2, self.n_extra = n1, n2, n_extra
        self.residual = residual
        self._init_weights()

    enlarges = False  # its input is the bicubic enlargement, which it refines at the same size
    input_factor = 1  # how much larger its output is than its input

    def _init_weights(self) -> None:
        convs = [m for m in self.body if isinstance(m, nn.Conv2d)]
        for conv in convs[:-1]:
            nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
            nn.init.zeros_(conv.bias)
        # A small last layer starts the network close to "output = 0" (residual) and keeps early
        # gradients tame; the paper uses std 1e-3 for every layer.
        nn.init.normal_(convs[-1].weight, std=1e-3)
        nn.init.zeros_(convs[-1].bias)

    @property
    def name(self) -> str:
        """The configuration's name in the paper's notation, e.g. ``9-5-5``."""
        return "-".join(str(k) for k in self.kernels)

    @property
    def radius(self) -> int:
        """Pixels of context each output pixel needs on every side (receptive field // 2)."""
        return sum(k // 2 for k in self.kernels)

    def config(self) -> dict[str, object]:
        """Constructor arguments as plain values, saved beside the weights."""
        return {"arch": self.name, "n1": self.n1, "n2": self.n2, "n_extra": self.n_extra, "residual": self.residual}

    def forward_valid(self, x: torch.Tensor) -> torch.Tensor:
        """Unpadded pass: an N x 1 x H x W input gives N x 1 x (H - 2r) x (W - 2r)."""
        out = self.body(x)
        if self.residual:
            r = self.radius
            out = out + x[..., r : x.shape[-2] - r, r : x.shape[-1] - r]
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Same-size, pixel-aligned pass: the picture is first extended beyond its border
        (:mod:`~srcnn_gui.core.models.border`)."""
        r = self.radius
        return self.forward_valid(extend_border_tensor(x, r))


def build_model(arch: str = DEFAULT_ARCH, *, n1: int = DEFAULT_N1, n2: int = DEFAULT_N2, n_extra: int = EXTRA_LAYER_WIDTH,
                residual: bool = False) -> SRCNN:
    """An SRCNN for a configuration name, e.g. ``build_model("9-1-5")``."""
    return SRCNN(**parse_arch(arch), n1=n1, n2=n2, n_extra=n_extra, residual=residual)


Network = SRCNN | FSRCNN  # the family: ``enlarges`` says whether the input is the low-res picture (FSRCNN)


def build_network(arguments: dict[str, Any]) -> Network:
    """An untrained network of the family, from checked arguments
    (:func:`~srcnn_gui.core.models.architecture.network_arguments`)."""
    arguments = dict(arguments)
    arch = arguments.pop("arch")
    if is_fsrcnn(arch):
        return FSRCNN(**arguments)
    return build_model(arch, **arguments)
