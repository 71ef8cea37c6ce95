"""Measuring: ``srcnn-gui eval`` (a folder as ground truth), ``card`` (the model card's tables),
``benchmark`` (speed) and ``memory`` (peak memory of a very large picture)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from srcnn_gui.cli.options import add_device_option, add_model_options, factor, model_chooser, parsed_by, print_problems, tiling
from srcnn_gui.core.errors import ConfigError, DatasetError
from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, parse_png_level
from srcnn_gui.core.inference.tiling import DEFAULT_TILING
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, SCALES
from srcnn_gui.core.progress import counted


def jpeg_quality(text: str) -> int:
    """argparse type of ``--jpeg``: a JPEG quality from 1 to 100."""
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"'{text}': a JPEG quality is a whole number from 1 to 100")
    return int(text)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``eval``, ``card``, ``benchmark`` and ``memory`` sub-commands."""
    ev = sub.add_parser("eval", help="benchmark: every image in DIR is ground truth")
    ev.add_argument("folder", type=Path)
    ev.add_argument("--scale", type=factor, default=DEFAULT_FACTOR,
                    help=f"factor: whole, or a fraction such as 1.5 or 2.5 that leaves the low-res pictures whole pixels "
                         f"(default: {DEFAULT_FACTOR})")
    ev.add_argument("--json", action="store_true", help="print a JSON object as the last line")
    ev.add_argument("--jpeg", type=jpeg_quality, metavar="Q", help="save each low-res input as a JPEG of quality Q (1-100) first")
    add_model_options(ev)

    card = sub.add_parser("card", help="measure the shipped models on Set5/Set14 and print the model-card table")
    card.add_argument("--datasets", type=Path, help="folder holding Set5/ and Set14/ (default: the shared sets)")
    card.add_argument("--record", action="store_true", help="store the measured numbers in the model files")
    card.add_argument("--update", type=Path, nargs="*", default=[], help="Markdown files whose measured block to replace")
    card.add_argument("--any-scale", action="store_true", help="bicubic against ours at x1.5, x2.5, x3.5, x6 and x8, "
                      "and the serving rule against its alternatives; then only that block is printed and updated")
    card.add_argument("--jpeg", action="store_true", help="the JPEG table instead: bicubic, clean and --denoise auto "
                      "on low-res inputs saved as JPEGs (Set5/Set14, every scale, q 30/50/75/95)")
    card.add_argument("--arch", metavar="NETWORK", help="with --jpeg: the table for a user who chose this network "
                      "(e.g. fsrcnn), in its own block of the documents")
    card.add_argument("--versus", nargs="+", metavar="MODEL", help="imported models (names or files) to measure beside our "
                      "shipped ones of the same scale (every network); then only the side-by-side block is printed and updated")

    bench = sub.add_parser("benchmark", help="speed of the engine against plain PyTorch, and their PSNR difference on Set5")
    bench.add_argument("--models", nargs="+", help="model names or files (default: every shipped model)")
    bench.add_argument("--sizes", nargs="+", default=["1MP", "12MP"], choices=("1MP", "12MP"), help="output sizes")
    bench.add_argument("--repeats", type=int, default=3, help="timed runs per path (the median is reported)")
    bench.add_argument("--plain-max-mp", type=float, default=16.0, help="skip the plain whole-image path above this size")
    bench.add_argument("--no-psnr", action="store_true", help="skip the PSNR comparison on Set5")
    bench.add_argument("--no-onnxruntime", action="store_true", help="skip the ONNX Runtime column (needs the onnx extra)")
    bench.add_argument("--json", action="store_true", help="print a JSON object as the last line")
    add_device_option(bench)
    bench.add_argument("--tile", type=tiling, default=DEFAULT_TILING, help="engine tile side (default: engine default; 0 = whole image)")
    bench.add_argument("--file", type=Path, metavar="PICTURE", help="instead: PICTURE to a PNG file, each stage of the path "
                       "timed, and the whole path against the engine alone (the model: --models' first, or the one "
                       "upscale picks)")
    bench.add_argument("--scale", type=int, default=min(SCALES), choices=SCALES, help="with --file: the factor (default: 2)")
    bench.add_argument("--png-level", type=parsed_by(parse_png_level), default=DEFAULT_PNG_LEVEL, metavar="0-9",
                       help=f"with --file: the PNG compression level (default: {DEFAULT_PNG_LEVEL})")

    mem = sub.add_parser("memory", help="peak memory of upscaling a very large picture file to file (Linux)")
    mem.add_argument("--size", default="12000x8000", help="input WIDTHxHEIGHT (default: 12000x8000)")
    mem.add_argument("--scale", type=int, default=min(SCALES), choices=SCALES)
    mem.add_argument("--model", help="model file or registry name (default: the best shipped model for the scale)")
    mem.add_argument("--format", default="png", choices=("png", "tif", "jpg"), help="output format (default: png)")
    mem.add_argument("--workdir", type=Path, help="where the picture and its result are made (needs ~2 GB free)")
    mem.add_argument("--json", action="store_true", help="print a JSON object as the last line")


def cmd_eval(args: argparse.Namespace) -> int:
    """Score a folder of ground-truth pictures, bicubic against SRCNN (the literature protocol); a table, optionally JSON."""
    from tqdm import tqdm

    from srcnn_gui.core.evaluation.protocol import EvalReport, factor_fraction, iter_evaluate

    factor_fraction(args.scale)  # a factor that cannot be evaluated honestly stops here, before a model loads
    # Every input of the run is saved at the same quality, and the quality read back from Pillow's files
    # equals the one written (tested), so one choice serves the folder.
    choice = model_chooser(args, args.scale).choose(args.jpeg)
    info = choice.info
    print(f"model {info.name} ({choice.reason})", file=sys.stderr)
    scores, failures = [], []
    for score in tqdm(iter_evaluate(args.folder, args.scale, None, args.jpeg, upscale=choice.upscaler.upscale_luminance,
                                    failures=failures), unit="image", desc="eval", file=sys.stderr):
        scores.append(score)
    if not scores:
        raise DatasetError(f"{args.folder}: not one picture could be evaluated ({'; '.join(failures)})")
    report = EvalReport(args.scale, scores, failures)
    print(f"{'image':<16}{'bicubic PSNR':>14}{'SSIM':>8}{'SRCNN PSNR':>13}{'SSIM':>8}")
    for s in report.images:
        print(f"{s.name:<16}{s.bicubic_psnr:>14.2f}{s.bicubic_ssim:>8.4f}{s.srcnn_psnr:>13.2f}{s.srcnn_ssim:>8.4f}")
    summary = report.summary()
    print(f"{'mean':<16}{summary['bicubic_psnr']:>14.2f}{summary['bicubic_ssim']:>8.4f}{summary['srcnn_psnr']:>13.2f}{summary['srcnn_ssim']:>8.4f}")
    if args.json:
        print(json.dumps({**summary, "model": info.name, "folder": str(args.folder), "jpeg": args.jpeg,
                          "denoise": info.denoise, "images": report.rows(), "failures": failures}))
    return print_problems(failures, f"{counted(len(failures), 'picture')} not evaluated")


def cmd_card(args: argparse.Namespace) -> int:
    """Measure the shipped models for the model card (or the any-scale, JPEG or versus table); update the documents named."""
    from tqdm import tqdm

    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation.model_card import (
        measure,
        measure_ranking,
        record_metrics,
        render_card,
        replace_block,
        with_metrics,
    )
    from srcnn_gui.core.models.registry import list_models
    from srcnn_gui.core.paths import datasets_dir

    if args.versus:
        return _card_versus(args)
    if args.jpeg:
        return _card_jpeg(args)
    datasets = args.datasets or datasets_dir()
    if args.any_scale:
        return _card_any_scale(args, datasets)
    measured = []
    clean = [m for m in list_models() if m.shipped and m.denoise == NO_DENOISE]  # JPEG models: the --jpeg table
    for info in tqdm(clean, unit="model", desc="measuring", file=sys.stderr):
        metrics = measure(info, datasets)
        measured.append(record_metrics(info, metrics) if args.record else with_metrics(info, metrics))
    if args.record:  # the JPEG models' ranking figures, which order each denoise level's models
        jpeg = [m for m in list_models() if m.shipped and m.denoise != NO_DENOISE]
        for info in tqdm(jpeg, unit="model", desc="ranking JPEG models", file=sys.stderr):
            record_metrics(info, {**info.meta.get("metrics", {}), **measure_ranking(info, datasets)})
    table = render_card(measured)
    print(table)
    for doc in args.update:
        atomic_write_bytes(doc, replace_block(doc.read_text(encoding="utf-8"), table).encode("utf-8"))
    return 0


def _card_any_scale(args: argparse.Namespace, datasets: Path) -> int:
    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation import any_scale
    from srcnn_gui.core.evaluation.model_card import replace_block

    print("measuring every factor and plan on Set5 and Set14 (a few minutes) ...", file=sys.stderr)
    block = any_scale.render_block(any_scale.measure_factors(datasets))
    print(block)
    for doc in args.update:
        text = replace_block(doc.read_text(encoding="utf-8"), block, start=any_scale.BLOCK_START, end=any_scale.BLOCK_END)
        atomic_write_bytes(doc, text.encode("utf-8"))
    return 0


def _card_jpeg(args: argparse.Namespace) -> int:
    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation.jpeg_card import jpeg_block, measure_jpeg, render_jpeg_table
    from srcnn_gui.core.evaluation.model_card import replace_block
    from srcnn_gui.core.paths import datasets_dir

    rows = measure_jpeg(args.datasets or datasets_dir(), SCALES, arch=args.arch,
                        step=lambda what: print(f"measuring {what}", file=sys.stderr))
    if not rows:
        raise ConfigError(f"no shipped or user model of network '{args.arch}' to measure")
    table = render_jpeg_table(rows)
    print(table)
    start, end = jpeg_block(args.arch)
    for doc in args.update:
        text = replace_block(doc.read_text(encoding="utf-8"), table, start=start, end=end)
        atomic_write_bytes(doc, text.encode("utf-8"))
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Time the engine against plain PyTorch (and ONNX Runtime) and compare their PSNR on Set5; with --file, the
    whole path of one picture stage by stage."""
    if args.file is not None:
        return _benchmark_file(args)
    from srcnn_gui.core.bench.speed import render_report, run_benchmark
    from srcnn_gui.core.models.registry import find_model, list_models
    from srcnn_gui.core.paths import datasets_dir

    models = [find_model(name) for name in args.models] if args.models else [m for m in list_models() if m.shipped]
    report = run_benchmark(
        models, args.sizes, device=args.device, tiling=args.tile, repeats=args.repeats, plain_max_mp=args.plain_max_mp,
        psnr_folder=None if args.no_psnr else datasets_dir() / "Set5", step=lambda name: print(f"measuring {name}", file=sys.stderr),
        onnxruntime=not args.no_onnxruntime,
    )
    print(render_report(report))
    if args.json:
        print(json.dumps(report))
    return 0


def _benchmark_file(args: argparse.Namespace) -> int:
    """``benchmark --file``: the picture's path to a PNG, stage by stage, and the whole path against the engine."""
    from srcnn_gui.core.bench.file_path import benchmark_file, render_file_benchmark
    from srcnn_gui.core.images.jpeg import file_quality
    from srcnn_gui.core.inference.model_choice import ModelChooser
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.files import check_scale
    from srcnn_gui.core.models.registry import find_model

    if args.models:
        info = find_model(args.models[0])
        check_scale(info, args.scale)
        upscaler, name = Upscaler.from_info(info, device=args.device, tiling=args.tile), info.name
    else:
        choice = ModelChooser(args.scale, device=args.device, tiling=args.tile).choose(file_quality(args.file))
        upscaler, name = choice.upscaler.passes[0], f"{choice.info.name} ({choice.reason})"
    print(f"measuring {args.file} with {name} ...", file=sys.stderr)
    report = benchmark_file(args.file, upscaler, name, png_level=args.png_level)
    print(render_file_benchmark(report))
    if args.json:
        print(json.dumps({**asdict(report), "ratio": report.ratio}))
    return 0


def cmd_memory(args: argparse.Namespace) -> int:
    """Peak memory of upscaling a very large picture file to file, measured in a child process."""
    from srcnn_gui.core.bench.memory import measure_large_upscale

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--size {args.size!r}: expected WIDTHxHEIGHT, e.g. 12000x8000") from None
    print(f"making a {width} x {height} picture and upscaling it x{args.scale} in a child process ...", file=sys.stderr)
    report = measure_large_upscale(width, height, args.scale, workdir=args.workdir, model=args.model,
                                   suffix=f".{args.format}")
    out_w, out_h = report.output_size
    print(f"input {width} x {height} -> output {out_w} x {out_h} ({out_w * out_h / 1e6:.0f} MP, "
          f"{args.format.upper()} {report.output_mb:.0f} MB)")
    print(f"peak memory (resident) {report.peak_rss_mib:,.0f} MiB, {report.seconds:.0f} s, exit code {report.returncode}")
    if args.json:
        print(json.dumps(asdict(report)))
    return report.returncode


def _card_versus(args: argparse.Namespace) -> int:
    """Measure imported models beside our shipped ones; print and update only the side-by-side block."""
    from tqdm import tqdm

    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation.model_card import measure, with_metrics
    from srcnn_gui.core.evaluation.side_by_side import pair_up, put_side_by_side, render_side_by_side
    from srcnn_gui.core.models.registry import find_model, list_models
    from srcnn_gui.core.paths import datasets_dir

    datasets = args.datasets or datasets_dir()
    pairings = pair_up([find_model(name) for name in args.versus], list_models())
    measured = {}
    for info in tqdm({m.path: m for theirs, ours in pairings for m in [theirs, *ours]}.values(),
                     unit="model", desc="measuring", file=sys.stderr):
        measured[info.path] = with_metrics(info, measure(info, datasets, ranking=False))
    block = render_side_by_side([(measured[t.path], [measured[m.path] for m in ours]) for t, ours in pairings])
    print(block)
    for doc in args.update:
        atomic_write_bytes(doc, put_side_by_side(doc.read_text(encoding="utf-8"), block).encode("utf-8"))
    return 0


# Each sub-command and the function that runs it.
COMMANDS = {"eval": cmd_eval, "card": cmd_card, "benchmark": cmd_benchmark, "memory": cmd_memory}
