"""Which network a model file's config names, checked without torch: SRCNN by its kernel sizes and widths,
FSRCNN by d, s, m and its scale; and the shapes of the weights, so that a damaged or hostile file is refused
before anything is allocated for it."""

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

FSRCNN_ARCH = "fsrcnn"  # the paper's FSRCNN(56, 12, 4); other sizes are named fsrcnn-d-s-m
FSRCNN_DEFAULTS = {"d": 56, "s": 12, "m": 4}
FSRCNN_DECONV_KERNEL = 9
MAX_MAPPING_LAYERS = 16
MAX_NETWORK_SCALE = 8  # an FSRCNN's deconvolution stride: far above any trained (2, 3, 4)


def is_fsrcnn(arch: str) -> bool:
    """Whether ``arch`` names an FSRCNN (``fsrcnn`` or ``fsrcnn-d-s-m``) rather than an SRCNN (``9-5-5``)."""
    return arch == FSRCNN_ARCH or arch.startswith(FSRCNN_ARCH + "-")


def fsrcnn_name(d: int, s: int, m: int) -> str:
    """The name of FSRCNN(d, s, m): ``fsrcnn`` for the paper's 56-12-4, else ``fsrcnn-d-s-m``."""
    sizes = {"d": d, "s": s, "m": m}
    return FSRCNN_ARCH if sizes == FSRCNN_DEFAULTS else f"{FSRCNN_ARCH}-{d}-{s}-{m}"


def network_family(arch: str) -> str:
    """The family's member in one word, for captions: ``SRCNN`` or ``FSRCNN``."""
    return "FSRCNN" if is_fsrcnn(arch) else "SRCNN"


def network_words(arch: str) -> str:
    """The network in words for lists and reports: ``SRCNN 9-5-5``, ``FSRCNN`` or ``FSRCNN 32-5-1``."""
    if not is_fsrcnn(arch):
        return f"SRCNN {arch}"
    return "FSRCNN" if arch == FSRCNN_ARCH else f"FSRCNN {arch.removeprefix(FSRCNN_ARCH + '-')}"


def parse_fsrcnn(name: str) -> dict[str, int]:
    """d, s and m from ``fsrcnn`` or ``fsrcnn-d-s-m``."""
    if name == FSRCNN_ARCH:
        return dict(FSRCNN_DEFAULTS)
    parts = name.removeprefix(FSRCNN_ARCH + "-").split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ConfigError(f"model name '{name}' is not of the form fsrcnn or fsrcnn-d-s-m (e.g. fsrcnn-32-5-1)")
    return dict(zip(("d", "s", "m"), map(int, parts), strict=True))


def check_fsrcnn(d: int, s: int, m: int, scale: int) -> None:
    """Raise :class:`ConfigError` unless FSRCNN(d, s, m) at ``scale`` is a network we build."""
    for name, value, low, high in (("d", d, 1, MAX_WIDTH), ("s", s, 1, MAX_WIDTH), ("m", m, 0, MAX_MAPPING_LAYERS),
                                   ("scale", scale, 2, MAX_NETWORK_SCALE)):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ConfigError(f"FSRCNN {name} = {value!r}: must be a whole number from {low} to {high}")


def fsrcnn_shapes(d: int, s: int, m: int) -> dict[str, tuple[int, ...]]:
    """The state-dict entries of FSRCNN(d, s, m) and their shapes (the scale changes none of them)."""
    convs = [(1, d, 5), (d, s, 1)] + [(s, s, 3)] * m + [(s, d, 1)]
    shapes: dict[str, tuple[int, ...]] = {}
    for i, (n_in, n_out, k) in enumerate(convs):
        shapes[f"body.{2 * i}.weight"] = (n_out, n_in, k, k)
        shapes[f"body.{2 * i}.bias"] = (n_out,)
        shapes[f"body.{2 * i + 1}.weight"] = (n_out,)  # PReLU slopes
    shapes["deconv.weight"] = (d, 1, FSRCNN_DECONV_KERNEL, FSRCNN_DECONV_KERNEL)
    shapes["deconv.bias"] = (1,)
    return shapes


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


def check_arch_name(name: str) -> str:
    """``name`` if it names a network of the family (``9-5-5``, ``9-1-1-5``, ``fsrcnn``, ``fsrcnn-32-5-1``),
    else :class:`ConfigError` saying what is wrong."""
    if is_fsrcnn(name):
        check_fsrcnn(**parse_fsrcnn(name), scale=2)
    else:
        check_config(name, 1, 1)
    return name


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
    arch = config.get("arch")
    if isinstance(arch, str) and is_fsrcnn(arch):
        named = parse_fsrcnn(arch)
        numbers = {key: config.get(key, named[key]) for key in FSRCNN_DEFAULTS}
        check_fsrcnn(**numbers, scale=config.get("scale"))  # type: ignore[arg-type]
        return {"arch": fsrcnn_name(**numbers), **numbers, "scale": config["scale"]}
    numbers = {"n1": config.get("n1", DEFAULT_N1), "n2": config.get("n2", DEFAULT_N2), "n_extra": config.get("n_extra", EXTRA_LAYER_WIDTH)}
    for name, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{name} is {value!r}, not a whole number")
    if not isinstance(arch, str):
        raise ConfigError(f"the network is named {arch!r}, not by its kernel sizes such as 9-5-5")
    check_config(arch, **numbers)
    return {"arch": arch, **numbers, "residual": bool(config.get("residual", False))}


def multiply_adds_per_pixel(arguments: dict[str, Any]) -> float:
    """Multiply-adds the network spends on one output pixel (borders aside), from checked ``arguments``: the speed
    measure that ranks models of equal quality. FSRCNN's work on a low-res pixel is shared by ``scale**2`` outputs."""
    kernels = [shape for shape in weight_shapes(arguments).values() if len(shape) == 4]
    per_input = sum(out_maps * in_maps * height * width for out_maps, in_maps, height, width in kernels)
    return per_input / arguments["scale"] ** 2 if is_fsrcnn(arguments["arch"]) else float(per_input)


def weight_shapes(arguments: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """The state-dict shapes of the network that checked ``arguments`` (:func:`network_arguments`) describe."""
    if is_fsrcnn(arguments["arch"]):
        return fsrcnn_shapes(arguments["d"], arguments["s"], arguments["m"])
    return layer_shapes(arguments["arch"], arguments["n1"], arguments["n2"], arguments["n_extra"])
