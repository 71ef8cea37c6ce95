"""What several sub-commands share: argument types that answer in the user's words, the model and size
options, and the models they name as a :class:`~srcnn_gui.core.inference.model_choice.ModelChooser`.

Light to import: argument errors are answered before torch, numpy or Pillow load.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeVar

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.denoise_levels import AUTO as AUTO_DENOISE
from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES
from srcnn_gui.core.images.output_size import OutputSize, parse_box
from srcnn_gui.core.inference.device_choices import AUTO, DEVICE_CHOICES, PRECISION_CHOICES, precision_options
from srcnn_gui.core.inference.tiling import DEFAULT_TILING, Tiling
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, FACTOR_HELP, parse_factor

T = TypeVar("T")


def tiling(text: str) -> Tiling:
    """argparse type of ``--tile``: a side in pixels, or 0 for the whole picture."""
    try:
        return Tiling.from_option(int(text))
    except ValueError as exc:  # not a number, or a ConfigError (a ValueError) from Tiling
        raise argparse.ArgumentTypeError(f"'{text}': give a tile side in pixels, or 0 for the whole image") from exc


def count(text: str) -> int:
    """argparse type of a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': expected a whole number of at least 1")
    return int(text)


def parsed_by(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a core parser: what it returns, or its :class:`ConfigError` as argparse's message
    (the usage and exit code 2, before anything loads)."""
    def convert(text: str) -> T:
        try:
            return parse(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def checked_by(check: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type from a core check: the text as typed once ``check`` accepts it."""
    return parsed_by(lambda text: (check(text), text)[1])


factor = parsed_by(parse_factor)  # --scale: a factor we offer
box = parsed_by(parse_box)  # --fit: WIDTHxHEIGHT


def add_device_option(p: argparse.ArgumentParser) -> None:
    """``--device``: where the network runs (auto picks the best available)."""
    p.add_argument("--device", default=AUTO, choices=DEVICE_CHOICES)


def add_model_options(p: argparse.ArgumentParser) -> None:
    """``--model``, ``--device``, ``--tile``, ``--precision`` and ``--denoise``: how pictures are upscaled."""
    p.add_argument("--model", help="model file or registry name (default: the best shipped model for the scale)")
    add_device_option(p)
    p.add_argument("--tile", type=tiling, default=DEFAULT_TILING, help="tile side in pixels (default: engine default; 0 = whole image)")
    p.add_argument("--precision", default=AUTO, choices=PRECISION_CHOICES,
                   help="auto: bf16 where it costs under 0.01 dB on CPUs with native bf16, fp16 on CUDA; fp32: float32 throughout, as the model card")
    p.add_argument("--denoise", default=AUTO_DENOISE, choices=DENOISE_CHOICES,
                   help="JPEG denoising without --model: auto (default) reads each JPEG's quality and picks the "
                        "level; lossless files get the clean model")


def add_size_options(p: argparse.ArgumentParser) -> None:
    """``--scale``, ``--width``, ``--height`` and ``--fit``: one of them says how large results are."""
    p.add_argument("--scale", type=factor, help=f"enlarge by this factor, {FACTOR_HELP} (default: {DEFAULT_FACTOR})")
    p.add_argument("--width", type=int, metavar="W", help="enlarge to this width in pixels, aspect kept")
    p.add_argument("--height", type=int, metavar="H", help="enlarge to this height in pixels, aspect kept")
    p.add_argument("--fit", type=box, metavar="WxH", help="enlarge as far as fits in this box, aspect kept")


def output_size(args: argparse.Namespace) -> OutputSize:
    """The one size option given (``--scale`` by default, the default factor)."""
    given = [name for name in ("scale", "width", "height", "fit") if getattr(args, name) is not None]
    if len(given) > 1:
        raise ConfigError(f"give one of --scale, --width, --height and --fit, not {' and '.join('--' + g for g in given)}")
    if args.fit is not None:
        return OutputSize(width=args.fit[0], height=args.fit[1])
    if args.width is not None or args.height is not None:
        return OutputSize(width=args.width, height=args.height)
    return OutputSize(factor=DEFAULT_FACTOR if args.scale is None else args.scale)


def named_model(args: argparse.Namespace) -> ModelInfo | None:
    """The model ``--model`` names (None: none named), found without torch: an unknown name stops the run
    in a fraction of a second, before torch loads."""
    from srcnn_gui.core.models.registry import find_model

    return find_model(args.model) if args.model else None


def model_chooser(args: argparse.Namespace, scale: float | None, named: ModelInfo | None = None):
    """The :class:`ModelChooser` of the model options for pictures enlarged by ``scale`` (None: an output
    size, each picture its own factor); ``named``: the model ``--model`` names, if already found. A model
    named by hand is loaded now, so a bad file stops the run before any picture is read."""
    info = named or named_model(args)
    from srcnn_gui.core.inference.model_choice import ModelChooser
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.files import check_scale

    options = {"device": args.device, "tiling": args.tile, **precision_options(args.precision)}
    if info is None:
        return ModelChooser(scale, args.denoise, **options)
    if args.scale is not None:  # with an output size the named model serves whatever factor each picture needs
        check_scale(info, args.scale)
    return ModelChooser.single(Upscaler.from_info(info, **options), info, **options)


def print_problems(failures: list[str], heading: str) -> int:
    """Each failure on stderr under ``heading``; the exit status: 1 if there was any, else 0."""
    if not failures:
        return 0
    print(f"{heading}:", file=sys.stderr)
    for line in failures:
        print(f"  {line}", file=sys.stderr)
    return 1
