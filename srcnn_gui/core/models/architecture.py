"""Which SRCNN a model file's config names, checked without torch: kernel sizes, widths and the shapes
of the weights, so that a damaged or hostile file is refused before anything is allocated for it."""

from __future__ import annotations

from typing import Any

from srcnn_gui.core.errors import ConfigError

# The paper's network, our default: 9-5-5 kernels (the best of its filter-size experiment), 64 and 32 maps.
DEFAULT_ARCH = "9-5-5"
DEFAULT_N1, DEFAULT_N2 = 64, 32
EXTRA_LAYER_WIDTH = 16  # the paper's depth experiment adds a 16-map layer (n3 = 16)
# Far above any SRCNN published (9-5-5, 64/32 maps), low enough that a config cannot make us allocate
# gigabytes before it is refused.
MAX_KERNEL = 25
MAX_WIDTH = 512


def parse_arch(name: str) -> dict[str, int | None]:
    """Kernel sizes from a name such as ``9-5-5`` (three layers) or ``9-1-1-5`` (four layers)."""
    try:
        kernels = [int(part) for part in name.strip().split("-")]
    except ValueError:
        kernels = []
    if len(kernels) not in (3, 4):
        raise ConfigError(f"model name '{name}' is not of the form f1-f2-f3 or f1-f2-f2b-f3 (e.g. 9-5-5)")
    f1, f2, *middle, f3 = kernels
    return {"f1": f1, "f2": f2, "f3": f3, "extra_kernel": middle[0] if middle else None}


def check_config(arch: str, n1: int, n2: int, n_extra: int = EXTRA_LAYER_WIDTH) -> None:
    """Raise :class:`ConfigError` unless the configuration names a network we build: odd kernels of 1 to
    ``MAX_KERNEL``, 1 to ``MAX_WIDTH`` feature maps."""
    kernels = [k for k in parse_arch(arch).values() if k is not None]
    bad = [k for k in kernels if not 1 <= k <= MAX_KERNEL or k % 2 == 0]
    if bad:
        raise ConfigError(f"kernel sizes must be odd, from 1 to {MAX_KERNEL}; '{arch}' has {', '.join(map(str, bad))}")
    for name, width in (("n1", n1), ("n2", n2), ("n_extra", n_extra)):
        if not 1 <= width <= MAX_WIDTH:
            raise ConfigError(f"{name} = {width}: a layer has 1 to {MAX_WIDTH} feature maps")


def layer_shapes(arch: str, n1: int, n2: int, n_extra: int = EXTRA_LAYER_WIDTH) -> dict[str, tuple[int, ...]]:
    """The state-dict entries of the network a configuration names and their shapes, without building it."""
    parts = parse_arch(arch)
    extra = parts["extra_kernel"]
    sizes = [parts["f1"], parts["f2"]] + ([extra] if extra else []) + [parts["f3"]]
    widths = [1, n1, n2] + ([n_extra] if extra else []) + [1]
    shapes: dict[str, tuple[int, ...]] = {}
    for i, k in enumerate(sizes):
        shapes[f"body.{2 * i}.weight"] = (widths[i + 1], widths[i], k, k)
        shapes[f"body.{2 * i}.bias"] = (widths[i + 1],)
    return shapes


def network_arguments(config: dict[str, Any]) -> dict[str, Any]:
    """The arguments of :func:`~srcnn_gui.core.models.network.build_model` a saved ``config`` gives, checked
    (:class:`ConfigError` naming what is wrong) but not built."""
    numbers = {"n1": config.get("n1", DEFAULT_N1), "n2": config.get("n2", DEFAULT_N2), "n_extra": config.get("n_extra", EXTRA_LAYER_WIDTH)}
    for name, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{name} is {value!r}, not a whole number")
    arch = config.get("arch")
    if not isinstance(arch, str):
        raise ConfigError(f"the network is named {arch!r}, not by its kernel sizes such as 9-5-5")
    check_config(arch, **numbers)
    return {"arch": arch, **numbers, "residual": bool(config.get("residual", False))}
