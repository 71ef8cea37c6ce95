"""Command line: batch upscaling, benchmark evaluation, training and a self-test.

Qt is never imported here unless the GUI is started (no sub-command), so batch work runs on
machines without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from srcnn_gui import __version__, cli_batch, cli_model_exchange
from srcnn_gui.core.errors import CancelledError, ConfigError, DatasetError, SrcnnError
from srcnn_gui.core.images.denoise_levels import AUTO as AUTO_DENOISE
from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES, DENOISE_LEVELS, NO_DENOISE
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN
from srcnn_gui.core.images.output_size import OutputSize, parse_box
from srcnn_gui.core.inference.device_choices import AUTO, DEVICE_CHOICES
from srcnn_gui.core.inference.tiling import DEFAULT_TILING, Tiling
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, SCALES, check_factor, parse_factor
from srcnn_gui.core.progress import counted
from srcnn_gui.core.training.presets import COMMAND_LINE


def _add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="model file or registry name (default: the best shipped model for the scale)")
    p.add_argument("--device", default=AUTO, choices=DEVICE_CHOICES)
    p.add_argument("--tile", type=_tiling, default=DEFAULT_TILING, help="tile side in pixels (default: engine default; 0 = whole image)")
    p.add_argument("--precision", default="auto", choices=("auto", "fp32"),
                   help="auto: bf16 inner layers on CPUs with native bf16, fp16 on CUDA; fp32: float32 throughout, as the model card")
    p.add_argument("--denoise", default=AUTO_DENOISE, choices=DENOISE_CHOICES,
                   help="JPEG denoising without --model: auto (default) reads each JPEG's quality and picks the "
                        "level; lossless files get the clean model")


def _tiling(text: str) -> Tiling:
    try:
        return Tiling.from_option(int(text))
    except ValueError as exc:  # not a number, or a ConfigError (a ValueError) from Tiling
        raise argparse.ArgumentTypeError(f"'{text}': give a tile side in pixels, or 0 for the whole image") from exc


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': expected a whole number of at least 1")
    return int(text)


def _arch(text: str) -> str:
    from srcnn_gui.core.models.architecture import check_config, parse_arch

    try:
        parse_arch(text)
        check_config(text, 1, 1)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _factor(text: str) -> float:
    try:
        return parse_factor(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _box(text: str) -> tuple[int, int]:
    try:
        return parse_box(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_size_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=_factor, help="enlarge by this factor, any number above 1 up to 8 (default: 3)")
    p.add_argument("--width", type=int, metavar="W", help="enlarge to this width in pixels, aspect kept")
    p.add_argument("--height", type=int, metavar="H", help="enlarge to this height in pixels, aspect kept")
    p.add_argument("--fit", type=_box, metavar="WxH", help="enlarge as far as fits in this box, aspect kept")


def _output_size(args: argparse.Namespace) -> OutputSize:
    """The one size option given (``--scale`` by default, x3)."""
    given = [name for name in ("scale", "width", "height", "fit") if getattr(args, name) is not None]
    if len(given) > 1:
        raise ConfigError(f"give one of --scale, --width, --height and --fit, not {' and '.join('--' + g for g in given)}")
    if args.fit is not None:
        return OutputSize(width=args.fit[0], height=args.fit[1])
    if args.width is not None or args.height is not None:
        return OutputSize(width=args.width, height=args.height)
    return OutputSize(factor=DEFAULT_FACTOR if args.scale is None else args.scale)


def _window_scale(text: str) -> str:
    try:
        request = OutputSize.parse(text)
        if request.factor is not None:
            check_factor(request.factor)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _jpeg_quality(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"'{text}': a JPEG quality is a whole number from 1 to 100")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="srcnn-gui", description="SRCNN image upscaler. Without a command, starts the GUI.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true", help="upscale the bundled sample with a shipped model and check it beats bicubic")
    sub = parser.add_subparsers(dest="command")

    up = sub.add_parser("upscale", help="upscale files or folders of images", epilog=cli_batch.RESUME_HELP)
    up.add_argument("inputs", nargs="+", type=Path, help="image files or folders (searched recursively)")
    up.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    _add_size_options(up)
    up.add_argument("--pattern", default=DEFAULT_PATTERN, type=cli_batch.pattern, help=cli_batch.PATTERN_HELP)
    up.add_argument("--overwrite", action="store_true", help="replace existing outputs (inputs are never replaced)")
    _add_model_options(up)

    ev = sub.add_parser("eval", help="benchmark: every image in DIR is ground truth")
    ev.add_argument("folder", type=Path)
    ev.add_argument("--scale", type=_factor, default=3,
                    help="factor: whole, or a fraction p/q with q up to 8 such as 1.5 or 2.5 (default: 3)")
    ev.add_argument("--json", action="store_true", help="print a JSON object as the last line")
    ev.add_argument("--jpeg", type=_jpeg_quality, metavar="Q", help="save each low-res input as a JPEG of quality Q (1-100) first")
    _add_model_options(ev)

    tr = sub.add_parser("train", help="train or fine-tune a model on folders of images")
    tr.add_argument("folders", nargs="+", type=Path)
    tr.add_argument("--scale", type=int, required=True, choices=SCALES)
    tr.add_argument("--out", type=Path, required=True, help="model file to write (the latest weights; .best.pt beside it)")
    tr.add_argument("--arch", default="9-5-5", type=_arch, help="kernel sizes, e.g. 9-1-5, 9-3-5, 9-5-5, 9-1-1-5")
    tr.add_argument("--residual", action="store_true", help="predict the difference to the bicubic input")
    tr.add_argument("--n1", type=_count, default=64)
    tr.add_argument("--n2", type=_count, default=32)
    tr.add_argument("--init", help="start from these weights (fine-tuning)")
    tr.add_argument("--val", type=Path, help="validation folder (scored each epoch, literature protocol)")
    tr.add_argument("--holdout", type=float, default=0.0,
                    help="without --val: hold out this fraction of the training pictures for validation")
    tr.add_argument("--denoise", choices=[level.name for level in DENOISE_LEVELS],
                    help="train for JPEG input: low-res patches saved at this level's qualities")
    tr.add_argument("--epochs", type=_count, default=COMMAND_LINE.epochs, help="length of the learning-rate schedule")
    tr.add_argument("--steps-per-epoch", type=_count, default=COMMAND_LINE.steps_per_epoch)
    tr.add_argument("--minutes", type=float, help="stop this run after so many minutes (resume later)")
    tr.add_argument("--batch-size", type=_count, default=COMMAND_LINE.batch_size)
    tr.add_argument("--label", type=_count, default=COMMAND_LINE.label, help="side of the target patches")
    tr.add_argument("--lr", type=float, default=COMMAND_LINE.lr)
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16"))
    tr.add_argument("--threads", type=int, help="CPU threads for torch")
    tr.add_argument("--state", type=Path, help="resumable training state (default: OUT with .state.pt)")
    tr.add_argument("--fresh", action="store_true", help="ignore an existing state file and start over")
    tr.add_argument("--device", default=AUTO, choices=DEVICE_CHOICES)

    gui = sub.add_parser("gui", help="open the desktop window (the default without a command; "
                         "`srcnn-gui photo.jpg ...` opens pictures in it)")
    gui.add_argument("files", nargs="*", help="pictures or folders to open")
    gui.add_argument("--scale", type=_window_scale, help="what the Scale field asks for: a factor (2.5), a box (1920x1080), "
                     "a width (w1920) or a height (h1080)")
    gui.add_argument("--model", help="model file or registry name to select (default: the remembered or best one)")
    gui.add_argument("--view", choices=("split", "side", "difference"), help="how to compare")
    gui.add_argument("--mode", choices=("upscale", "evaluate"))
    gui.add_argument("--zoom", type=float, help="zoom factor for --screenshot (default: fit)")
    gui.add_argument("--screenshot", type=Path, help="save a picture of the window when done, then quit")

    sub.add_parser("models", help="list the models the registry knows")

    ex = sub.add_parser("experiment", help="the paper's filter-size and depth experiments on one budget")
    ex.add_argument("--scale", type=int, default=3, choices=SCALES)
    ex.add_argument("--steps", type=int, default=6000, help="training steps per architecture")
    ex.add_argument("--eval-every", type=int, default=500)
    ex.add_argument("--archs", nargs="+", default=None, help="default: 9-1-5 9-3-5 9-5-5 9-1-1-5 9-3-3-5")
    ex.add_argument("--train", type=Path, help="training folder (default: the shared T91)")
    ex.add_argument("--val", type=Path, help="validation folder (default: the shared Set5)")
    ex.add_argument("--runs", type=Path, default=Path("weights/checkpoints/experiment"), help="checkpoints (resumable)")
    ex.add_argument("--out", type=Path, default=Path("docs/experiments"), help="where the table and plot go")
    ex.add_argument("--threads", type=int)

    card = sub.add_parser("card", help="measure the shipped models on Set5/Set14 and print the model-card table")
    card.add_argument("--datasets", type=Path, help="folder holding Set5/ and Set14/ (default: the shared sets)")
    card.add_argument("--record", action="store_true", help="store the measured numbers in the model files")
    card.add_argument("--update", type=Path, nargs="*", default=[], help="Markdown files whose measured block to replace")
    card.add_argument("--any-scale", action="store_true", help="bicubic against ours at x1.5, x2.5, x3.5, x6 and x8, "
                      "and the serving rule against its alternatives; then only that block is printed and updated")
    card.add_argument("--jpeg", action="store_true", help="the JPEG table instead: bicubic, clean and --denoise auto "
                      "on low-res inputs saved as JPEGs (Set5/Set14, every scale, q 30/50/75/95)")
    card.add_argument("--versus", nargs="+", metavar="MODEL", help="imported models (names or files) to measure beside our "
                      "shipped ones of the same arch and scale; then only the side-by-side block is printed and updated")

    bench = sub.add_parser("benchmark", help="speed of the engine against plain PyTorch, and their PSNR difference on Set5")
    bench.add_argument("--models", nargs="+", help="model names or files (default: every shipped model)")
    bench.add_argument("--sizes", nargs="+", default=["1MP", "12MP"], choices=("1MP", "12MP"), help="output sizes")
    bench.add_argument("--repeats", type=int, default=3, help="timed runs per path (the median is reported)")
    bench.add_argument("--plain-max-mp", type=float, default=16.0, help="skip the plain whole-image path above this size")
    bench.add_argument("--no-psnr", action="store_true", help="skip the PSNR comparison on Set5")
    bench.add_argument("--no-onnxruntime", action="store_true", help="skip the ONNX Runtime column (needs the onnx extra)")
    bench.add_argument("--json", action="store_true", help="print a JSON object as the last line")
    bench.add_argument("--device", default=AUTO, choices=DEVICE_CHOICES)
    bench.add_argument("--tile", type=_tiling, default=DEFAULT_TILING, help="engine tile side (default: engine default; 0 = whole image)")

    cli_model_exchange.add_parsers(sub)

    mem = sub.add_parser("memory", help="peak memory of upscaling a very large picture file to file (Linux)")
    mem.add_argument("--size", default="12000x8000", help="input WIDTHxHEIGHT (default: 12000x8000)")
    mem.add_argument("--scale", type=int, default=2, choices=SCALES)
    mem.add_argument("--model", help="model file or registry name (default: the best shipped model for the scale)")
    mem.add_argument("--format", default="png", choices=("png", "tif", "jpg"), help="output format (default: png)")
    mem.add_argument("--workdir", type=Path, help="where the picture and its result are made (needs ~2 GB free)")
    mem.add_argument("--json", action="store_true", help="print a JSON object as the last line")
    return parser


def _model_chooser(args: argparse.Namespace, scale: float | None):
    from srcnn_gui.core.inference.model_choice import ModelChooser
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.files import check_scale
    from srcnn_gui.core.models.registry import find_model

    tiling = args.tile
    fp32 = {"half": False, "bf16": False} if args.precision == "fp32" else {}
    if not args.model:
        return ModelChooser(scale, args.denoise, device=args.device, tiling=tiling, **fp32)
    # A model named by hand is loaded now, so a bad file stops the run before any picture is read.
    info = find_model(args.model)
    if args.scale is not None:  # with an output size the named model serves whatever factor each picture needs
        check_scale(info, args.scale)
    return ModelChooser.single(Upscaler.from_info(info, device=args.device, tiling=tiling, **fp32), info,
                               device=args.device, tiling=tiling, **fp32)


def cmd_upscale(args: argparse.Namespace) -> int:
    size = _output_size(args)
    return cli_batch.run_upscale(args, size, lambda: _model_chooser(args, size.factor))


def cmd_eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from srcnn_gui.core.evaluation.protocol import EvalReport, factor_fraction, iter_evaluate

    factor_fraction(args.scale)  # a factor that cannot be evaluated honestly stops here, before a model loads
    # Every input of the run is saved at the same quality, and the quality read back from Pillow's files
    # equals the one written (tested), so one choice serves the folder.
    choice = _model_chooser(args, args.scale).choose(args.jpeg)
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
    return cli_batch.print_problems(failures, f"{counted(len(failures), 'picture')} not evaluated")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_train(args: argparse.Namespace) -> int:
    import torch
    from tqdm import tqdm

    from srcnn_gui.core.training.trainer import EpochReport, TrainConfig, Trainer, weights_digest

    if args.threads:
        torch.set_num_threads(args.threads)
    config = TrainConfig(
        folders=[str(f) for f in args.folders], scale=args.scale, out=str(args.out), arch=args.arch,
        residual=args.residual, n1=args.n1, n2=args.n2, init=args.init, val=str(args.val) if args.val else None,
        holdout=args.holdout, denoise=args.denoise,
        epochs=args.epochs, steps_per_epoch=args.steps_per_epoch, minutes=args.minutes, batch_size=args.batch_size,
        label=args.label, lr=args.lr, seed=args.seed, device=args.device, precision=args.precision,
        state=str(args.state) if args.state else None, command="srcnn-gui " + shlex.join(args.argv),
    )
    trainer = Trainer(config, resume=not args.fresh)
    log = trainer.rank == 0
    if log:
        print(f"training {trainer.model.name} x{config.scale} on {trainer.images_used} image(s), "
              f"{len(trainer.skipped)} skipped, from step {trainer.progress.step} of {config.total_steps}, "
              f"{'bf16 mixed' if trainer.bf16 else 'fp32'} on {trainer.device}", flush=True)
        for line in trainer.skipped:
            print(f"  skipped {line}", file=sys.stderr)
    bar = tqdm(total=config.total_steps, initial=trainer.progress.step, unit="step", disable=not log, file=sys.stderr, mininterval=5)
    runner = trainer.run()
    try:
        for report in runner:
            if isinstance(report, EpochReport):
                val = f" val {report.val_psnr:.3f} dB (best {report.best_psnr:.3f})" if report.val_psnr else ""
                if log:
                    bar.write(f"epoch {report.epoch} step {report.step} loss {report.loss:.6f}{val} {report.elapsed_s / 60:.1f} min")
            else:
                bar.update(report.step - bar.n)
                bar.set_postfix(loss=f"{report.loss:.5f}", patches_s=f"{report.patches_per_s:.0f}", refresh=False)
    except KeyboardInterrupt:
        runner.close()  # the trainer saves its state and weights on the way out
        print("interrupted: state saved, run the same command to resume", file=sys.stderr)
        return 130
    finally:
        bar.close()
    print(f"rank {trainer.rank} finished at step {trainer.progress.step}, weights {weights_digest(trainer.model)}", flush=True)
    trainer.close()
    return 0


def cmd_models(_: argparse.Namespace) -> int:
    from srcnn_gui.core.models.registry import scan_models

    models, unusable = scan_models()
    for info in models:
        print(("  " if info.shipped else "* ") + info.describe())
    if not models:
        print("no models found")
    for problem in unusable:
        print(f"! unusable: {problem}")
    return 0


def cmd_experiment(args: argparse.Namespace) -> int:
    import torch
    from tqdm import tqdm

    from srcnn_gui.core.paths import datasets_dir
    from srcnn_gui.core.training.experiment import DEFAULT_ARCHS, ExperimentPlan, collect_results, run_experiment, write_results
    from srcnn_gui.core.training.trainer import EpochReport

    if args.threads:
        torch.set_num_threads(args.threads)
    plan = ExperimentPlan(
        train=args.train or datasets_dir() / "T91", val=args.val or datasets_dir() / "Set5", runs=args.runs,
        scale=args.scale, steps=args.steps, eval_every=args.eval_every, archs=tuple(args.archs or DEFAULT_ARCHS),
    )
    total = plan.steps * len(plan.archs)
    with tqdm(total=total, unit="step", desc="experiment", file=sys.stderr, mininterval=5) as bar:
        try:
            for arch, report in run_experiment(plan):
                bar.n = plan.archs.index(arch) * plan.steps + report.step
                bar.set_postfix(arch=arch, refresh=False)
                if isinstance(report, EpochReport):
                    bar.write(f"{arch} step {report.step}: Set5 {report.val_psnr:.3f} dB")
                bar.refresh()
        except KeyboardInterrupt:
            print("interrupted: run the same command to resume", file=sys.stderr)
            return 130
    for path in write_results(plan, collect_results(plan), args.out):
        print(f"wrote {path}")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation.model_card import measure, record_metrics, render_card, replace_block, with_metrics
    from srcnn_gui.core.models.registry import list_models
    from srcnn_gui.core.paths import datasets_dir

    if args.versus:
        return cli_model_exchange.cmd_card_versus(args)
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
    from srcnn_gui.core.evaluation.jpeg_card import JPEG_BLOCK_END, JPEG_BLOCK_START, measure_jpeg, render_jpeg_table
    from srcnn_gui.core.evaluation.model_card import replace_block
    from srcnn_gui.core.paths import datasets_dir

    rows = measure_jpeg(args.datasets or datasets_dir(), SCALES, step=lambda what: print(f"measuring {what}", file=sys.stderr))
    table = render_jpeg_table(rows)
    print(table)
    for doc in args.update:
        text = replace_block(doc.read_text(encoding="utf-8"), table, start=JPEG_BLOCK_START, end=JPEG_BLOCK_END)
        atomic_write_bytes(doc, text.encode("utf-8"))
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
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


def cmd_memory(args: argparse.Namespace) -> int:
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


def self_test() -> int:
    """Degrade the bundled sample by x3, upscale it, and require SRCNN to beat bicubic."""
    from srcnn_gui.core.evaluation.protocol import ground_truth_luminance, score_image
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.registry import default_model
    from srcnn_gui.core.paths import sample_image_path

    started = time.perf_counter()
    scale = 3
    info = default_model(scale)
    upscaler = Upscaler.from_info(info)
    sample = sample_image_path()
    score = score_image(sample.stem, ground_truth_luminance(sample, scale), scale, upscaler.enhance_luminance)
    ok = score.srcnn_psnr > score.bicubic_psnr
    print(f"self-test {'ok' if ok else 'FAILED'}: x{scale} {info.name} on {sample.name}: bicubic {score.bicubic_psnr:.2f} dB, "
          f"SRCNN {score.srcnn_psnr:.2f} dB ({upscaler.device.type}, {time.perf_counter() - started:.1f} s)")
    return 0 if ok else 1


def window_options(args: argparse.Namespace) -> dict:
    """What ``gui`` asks the window for (:func:`srcnn_gui.gui.app.build_window`): the files, view, mode,
    the Scale field's text and the model file; without ``--scale`` a named model brings its own scale."""
    options = {"files": args.files, "view": args.view, "mode": args.mode, "scale": args.scale, "model": None}
    if not args.model:
        return options
    from srcnn_gui.core.models.registry import find_model

    info = find_model(args.model)
    options["model"] = info.path
    if args.scale is None:
        options["scale"] = f"x{info.scale}"
        return options
    request = OutputSize.parse(args.scale)
    if request.factor is None:
        raise ConfigError(f"--model {args.model} goes with a factor: an output size ({args.scale}) gives each picture "
                          "its own factor and model")
    from srcnn_gui.core.models.files import check_scale

    check_scale(info, request.factor)
    return options


def start_gui(args: argparse.Namespace) -> int:
    """The desktop window; where there is no display, or Qt could not open one, the headless self-test instead."""
    headless = sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if headless:
        print("no display found: running the headless self-test instead")
        return self_test()
    from srcnn_gui.gui.qt_platform import platform_problem  # asks before Qt, which would abort the process

    problem = platform_problem()
    if problem:
        print(f"{problem}\nRunning the headless self-test instead.", file=sys.stderr)
        return self_test()
    options = window_options(args) if args.command == "gui" else {}
    from srcnn_gui.gui.app import run_gui  # Qt is imported only here

    if not options:
        return run_gui()
    return run_gui(**options, zoom=args.zoom, screenshot=args.screenshot)


# Each sub-command and the function that runs it; no sub-command (or "gui") opens the window.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "upscale": cmd_upscale,
    "eval": cmd_eval,
    "train": cmd_train,
    "models": cmd_models,
    "experiment": cmd_experiment,
    "card": cmd_card,
    "benchmark": cmd_benchmark,
    "memory": cmd_memory,
    "import": cli_model_exchange.cmd_import,
    "export": cli_model_exchange.cmd_export,
    "gui": start_gui,
}


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed arguments; ``srcnn-gui photo.jpg ...`` (a file or folder where a command would be) means
    ``srcnn-gui gui photo.jpg ...``."""
    argv = list(argv)
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and first not in COMMANDS and (Path(first).exists() or Path(first).suffix):
        argv.insert(0, "gui")
    args = build_parser().parse_args(argv)
    args.argv = argv  # a training run records the command that started it
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 done, 1 some inputs failed, 2 error, 130 cancelled)."""
    args = parse_command_line(sys.argv[1:] if argv is None else argv)
    # `kill` (SIGTERM) stops a command the way Ctrl-C does: outputs finished are kept, none is left half-written.
    handles_term = args.command not in (None, "gui") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if handles_term else None
    try:
        if args.self_test:
            return self_test()
        return COMMANDS.get(args.command, start_gui)(args)
    except CancelledError as exc:
        print(f"cancelled: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        # Outputs are written atomically, so stopping here leaves no half-written file.
        print("cancelled", file=sys.stderr)
        return 130
    except SrcnnError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if handles_term:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
