"""Training: ``srcnn-gui train`` (a model from folders of pictures, resumable) and ``experiment`` (the
paper's filter-size and depth experiment on one budget)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from srcnn_gui.cli.options import add_device_option, checked_by, count, parsed_by
from srcnn_gui.core.errors import ConfigError, TrainingStateError
from srcnn_gui.core.images.denoise_levels import DENOISE_LEVELS
from srcnn_gui.core.models.architecture import check_arch_name
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, SCALES
from srcnn_gui.core.training.presets import (
    AUTO_PRECISION,
    COMMAND_LINE,
    TRAIN_ARCH,
    TRAIN_N1,
    TRAIN_N2,
    TRAIN_PRECISIONS,
)
from srcnn_gui.core.training.run_checks import check_holdout, check_learning_rate, check_minutes

# --arch: a network of the family we build (9-5-5, fsrcnn).
arch = checked_by(check_arch_name)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"'{text}' is not a number") from None


# --lr, --minutes, --holdout: numbers the core's rules accept, refused before anything loads.
learning_rate = parsed_by(lambda text: check_learning_rate(_number(text)))
minutes = parsed_by(lambda text: check_minutes(_number(text)))
holdout = parsed_by(lambda text: check_holdout(_number(text)))
# How each setting a training state may differ in is given on the command line.
STATE_OPTIONS = {"arch": "--arch", "n1": "--n1", "n2": "--n2", "residual": "--residual", "scale": "--scale"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``train`` and ``experiment`` sub-commands."""
    tr = sub.add_parser("train", help="train or fine-tune a model on folders of images")
    tr.add_argument("folders", nargs="+", type=Path)
    tr.add_argument("--scale", type=int, required=True, choices=SCALES)
    tr.add_argument("--out", type=Path, required=True, help="model file to write (the latest weights; .best.pt beside it)")
    tr.add_argument("--arch", default=TRAIN_ARCH, type=arch, help="SRCNN by its kernel sizes (9-1-5, 9-3-5, 9-5-5, 9-1-1-5) or FSRCNN "
                    "(fsrcnn: the paper's d=56, s=12, m=4; fsrcnn-d-s-m)")
    tr.add_argument("--residual", action="store_true", help="predict the difference to the bicubic input")
    tr.add_argument("--n1", type=count, default=TRAIN_N1)
    tr.add_argument("--n2", type=count, default=TRAIN_N2)
    tr.add_argument("--init", help="start from these weights (fine-tuning; an FSRCNN of another scale keeps all "
                    "but its deconvolution, as the FSRCNN paper does)")
    tr.add_argument("--val", type=Path, help="validation folder (scored each epoch, literature protocol)")
    tr.add_argument("--holdout", type=holdout, default=0.0,
                    help="without --val: hold out this fraction of the training pictures for validation")
    tr.add_argument("--denoise", choices=[level.name for level in DENOISE_LEVELS],
                    help="train for JPEG input: low-res patches saved at this level's qualities")
    tr.add_argument("--epochs", type=count, default=COMMAND_LINE.epochs, help="length of the learning-rate schedule")
    tr.add_argument("--steps-per-epoch", type=count, default=COMMAND_LINE.steps_per_epoch)
    tr.add_argument("--minutes", type=minutes, help="stop this run after so many minutes (resume later)")
    tr.add_argument("--batch-size", type=count, default=COMMAND_LINE.batch_size)
    tr.add_argument("--label", type=count, default=COMMAND_LINE.label, help="side of the target patches")
    tr.add_argument("--lr", type=learning_rate, default=COMMAND_LINE.lr)
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--precision", default=AUTO_PRECISION, choices=TRAIN_PRECISIONS)
    tr.add_argument("--threads", type=int, help="CPU threads for torch")
    tr.add_argument("--state", type=Path, help="resumable training state (default: OUT with .state.pt)")
    tr.add_argument("--fresh", action="store_true", help="ignore an existing state file and start over")
    add_device_option(tr)


    ex = sub.add_parser("experiment", help="the paper's filter-size and depth experiments on one budget")
    ex.add_argument("--scale", type=int, default=DEFAULT_FACTOR, choices=SCALES)
    ex.add_argument("--steps", type=int, default=6000, help="training steps per architecture")
    ex.add_argument("--eval-every", type=int, default=500)
    ex.add_argument("--archs", nargs="+", default=None, help="default: 9-1-5 9-3-5 9-5-5 9-1-1-5 9-3-3-5")
    ex.add_argument("--train", type=Path, help="training folder (default: the shared T91)")
    ex.add_argument("--val", type=Path, help="validation folder (default: the shared Set5)")
    ex.add_argument("--runs", type=Path, help="checkpoints, resumable (default: the checkout's weights/checkpoints/experiment)")
    ex.add_argument("--out", type=Path, help="where the table and plot go (default: the checkout's docs/experiments)")
    ex.add_argument("--threads", type=int)


def cmd_train(args: argparse.Namespace) -> int:
    """Train or fine-tune a model, resumably; Ctrl-C or SIGTERM saves the state for the same command to go on."""
    import torch
    from tqdm import tqdm

    from srcnn_gui.core.training.train_config import TrainConfig
    from srcnn_gui.core.training.trainer import EpochReport, Trainer, weights_digest

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
    try:
        trainer = Trainer(config, resume=not args.fresh)
    except TrainingStateError as exc:
        raise TrainingStateError(exc.mismatch, exc.differences, resume_hint(exc.differences)) from None
    log = trainer.rank == 0
    first_step = trainer.progress.step
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
    if log and trainer.progress.step == first_step >= config.total_steps:
        print(f"nothing to train: the state is at step {first_step} of a {config.total_steps}-step schedule already "
              "(a larger --epochs goes on with it, --fresh starts over)", file=sys.stderr)
    print(f"rank {trainer.rank} finished at step {trainer.progress.step}, weights {weights_digest(trainer.model)}", flush=True)
    trainer.close()
    return 0


def resume_hint(differences: dict[str, tuple[object, object]]) -> str:
    """How to resume a training state that differs from the command in ``differences``, or to start over."""
    given = []
    for setting, (value, _) in differences.items():
        option = STATE_OPTIONS.get(setting)
        if setting == "residual":
            given.append(option if value else f"no {option}")
        elif option:
            given.append(f"{option} {value}")
    resume = f"To resume it, use {', '.join(given)}; " if given else "To resume it, use its own settings; "
    return f"{resume}to start over, add --fresh (the state file is then replaced)."


def cmd_experiment(args: argparse.Namespace) -> int:
    """Run (or resume) the paper's architecture experiment and write its table and plot."""
    import torch
    from tqdm import tqdm

    from srcnn_gui.core.paths import datasets_dir, experiment_results_dir, experiment_runs_dir
    from srcnn_gui.core.training.experiment import DEFAULT_ARCHS, ExperimentPlan, collect_results, run_experiment, write_results
    from srcnn_gui.core.training.trainer import EpochReport

    if args.threads:
        torch.set_num_threads(args.threads)
    plan = ExperimentPlan(
        train=args.train or datasets_dir() / "T91", val=args.val or datasets_dir() / "Set5",
        runs=args.runs or experiment_runs_dir(), scale=args.scale, steps=args.steps, eval_every=args.eval_every,
        archs=tuple(args.archs or DEFAULT_ARCHS),
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
    for path in write_results(plan, collect_results(plan), args.out or experiment_results_dir()):
        print(f"wrote {path}")
    return 0


# Each sub-command and the function that runs it.
COMMANDS = {"train": cmd_train, "experiment": cmd_experiment}
