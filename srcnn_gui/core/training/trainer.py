"""Training and fine-tuning the models of the family (SRCNN, FSRCNN).

:meth:`Trainer.run` is a generator: it yields a :class:`StepReport` every few steps and an
:class:`EpochReport` after each epoch's validation, so the CLI's progress bar and the GUI's worker
consume the same loop. Cancel by making ``cancelled()`` return true: the loop saves its state and ends.

The schedule (warm-up, then cosine decay) is defined by ``epochs``; ``minutes`` only bounds this
run's wall time. Stopping and resuming from the state file continues the same schedule, which is how
long CPU runs span several sessions.

Under ``torchrun`` each process trains on its own random patches with DistributedDataParallel
(gloo on the CPU, nccl on CUDA); rank 0 validates and writes files.
"""

from __future__ import annotations

import copy
import hashlib
import math
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import distributed as dist
from torch import nn

from srcnn_gui.core.atomic import atomic_path
from srcnn_gui.core.errors import ConfigError, DatasetError, ModelLoadError, TrainingDivergedError
from srcnn_gui.core.evaluation.protocol import (
    EvalReport,
    evaluate_folder,
    evaluation_problems,
)
from srcnn_gui.core.images.denoise_levels import denoise_level
from srcnn_gui.core.images.reading import find_images
from srcnn_gui.core.inference.device import native_bf16, select_device
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.architecture import network_arguments
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.network import Network, build_network
from srcnn_gui.core.models.safe_loading import read_torch_file
from srcnn_gui.core.training.divergence import PROBE_PATCHES, diverged, output_problem
from srcnn_gui.core.training.held_out import score_held_out
from srcnn_gui.core.training.patches import ImageScan, PatchSampler, load_patch_source, scan_images, split_holdout
from srcnn_gui.core.training.presets import AUTO_PRECISION, TRAIN_PRECISIONS
from srcnn_gui.core.training.run_checks import check_settings, check_state_matches, prepare_destinations
from srcnn_gui.core.training.train_config import TrainConfig

STATE_FORMAT = "srcnn-gui-train/1"
REPORT_EVERY = 10  # steps between StepReports


@dataclass(frozen=True)
class StepReport:
    """Progress every ``REPORT_EVERY`` steps; ``loss`` is the mean over those steps."""

    step: int
    total_steps: int
    epoch: int
    loss: float
    lr: float
    patches_per_s: float
    elapsed_s: float


@dataclass(frozen=True)
class EpochReport:
    epoch: int
    step: int
    total_steps: int
    loss: float
    val_psnr: float | None
    val_ssim: float | None
    best_psnr: float | None
    elapsed_s: float


@dataclass
class _Progress:
    step: int = 0
    best_psnr: float | None = None
    trained_s: float = 0.0
    patches: int = 0
    history: list[dict[str, float]] = field(default_factory=list)
    start: dict[str, float] | None = None  # validation scores of the starting weights (and of bicubic)


def learning_rate(config: TrainConfig, step: int) -> float:
    """Linear warm-up, then cosine decay to ``lr * lr_min_ratio`` at the last step."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    span = max(1, config.total_steps - config.warmup_steps)
    t = min(1.0, (step - config.warmup_steps) / span)
    low = config.lr * config.lr_min_ratio
    return low + 0.5 * (config.lr - low) * (1.0 + math.cos(math.pi * t))


def read_state(path: Path) -> dict[str, Any]:
    """A training state file's contents; :class:`ModelLoadError` if it is missing, damaged or foreign."""
    state = read_torch_file(path, "training state file")
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        raise ModelLoadError(f"{path}: not an srcnn-gui training state file (expected format {STATE_FORMAT})")
    return state


def read_history(state_path: Path) -> list[dict[str, float]]:
    """The validation history stored in a training state file."""
    return list(read_state(state_path)["progress"]["history"])


def weights_digest(model: nn.Module) -> str:
    """A short hash of the weights: equal on every DDP rank when training is in sync."""
    h = hashlib.sha256()
    for tensor in model.state_dict().values():
        h.update(tensor.detach().cpu().float().numpy().tobytes())
    return h.hexdigest()[:16]


def use_bf16(precision: str, device: torch.device) -> bool:
    """Whether a run with this ``precision`` setting trains in bf16 mixed precision on ``device``."""
    if precision not in TRAIN_PRECISIONS:
        raise ConfigError(f"precision must be {', '.join(TRAIN_PRECISIONS)}, not '{precision}'")
    return precision == "bf16" or (precision == AUTO_PRECISION and native_bf16(device))


def _optimise(net: nn.Module, model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor,
              *, bf16: bool, clip_grad: float) -> tuple[float, bool]:
    """One optimiser step on a batch; the loss, and whether the step was taken: not when the loss or the
    gradients are not finite (the weights then stay as they were)."""
    # Mixed precision in bfloat16 (needs no loss scaling); weights and the loss stay float32.
    with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=bf16):
        out = net(x)
    loss = nn.functional.mse_loss(out.float(), y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    # The norm of the gradients, which DDP has made equal on every rank: all ranks agree whether to step.
    norm = nn.utils.clip_grad_norm_(model.parameters(), clip_grad or math.inf)
    value = float(loss.item())
    if not (math.isfinite(value) and bool(torch.isfinite(norm))):
        return value, False
    optimizer.step()
    return value, True


def _distributed() -> tuple[int, int]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
    return (dist.get_rank(), world) if world > 1 else (0, 1)


class _ValidPass(nn.Module):
    """The unpadded pass as a module's forward(): DDP synchronises gradients only through forward()."""

    def __init__(self, model: Network) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model.forward_valid(x)


class Trainer:
    """Trains one model as a :class:`TrainConfig` says, resuming from its state file if present."""

    def __init__(self, config: TrainConfig, *, resume: bool = True) -> None:
        check_settings(config)
        self.config = config
        self.rank, self.world = _distributed()
        if self.rank == 0:
            prepare_destinations(config)
        self.device = select_device(config.device)
        if self.world > 1 and self.device.type == "cuda":
            self.device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        self.bf16 = use_bf16(config.precision, self.device)
        self._seed(config.seed + self.rank)
        self.model = initial_model(config).to(self.device)
        self.net: nn.Module = _ValidPass(self.model)
        if self.world > 1:
            self.net = nn.parallel.DistributedDataParallel(self.net)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.lr)
        self.progress = _Progress()
        self._saved_step: int | None = None  # the step of the state file as it is now (None: none yet)
        if resume and config.state_path.is_file():
            self._load_state(config.state_path)
        self._best_weights: dict[str, torch.Tensor] | None = None
        if resume and config.best_path.is_file() and config.keep_best:
            self._best_weights = load_model(config.best_path)[0].state_dict()
        factor = self.model.input_factor
        min_side = training_side(config, self.model)
        scan = scan_images([Path(f) for f in config.folders], config.scale, min_side=min_side)
        train_paths, self.val_paths = split_holdout(scan.usable, 0.0 if config.val else config.holdout)
        source = load_patch_source(train_paths, config.scale, min_side=min_side,
                                   jpeg=config.jpeg_qualities, seed=config.seed, low_res=factor > 1)
        self.images_used = source.image_count
        self.skipped = scan.skipped + source.skipped
        if config.val:  # pictures of the validation folder that cannot be scored are named once, here
            val_images = find_images(Path(config.val))
            problems = evaluation_problems(val_images, config.scale)
            if len(problems) == len(val_images):
                raise DatasetError(f"{config.val}: no picture to validate on" + (f" ({'; '.join(problems)})" if problems else ""))
            self.skipped += problems
        self.sampler = PatchSampler(source, training_label(config, self.model), self.model.radius,
                                    np.random.default_rng([config.seed, self.rank, self.progress.step]), factor)
        # Fixed patches, the same on every rank, that the output is judged on (divergence.output_problem).
        probe = PatchSampler(source, self.sampler.label, self.model.radius, np.random.default_rng(config.seed), factor)
        self._probe = tuple(torch.from_numpy(a).to(self.device) for a in probe.batch(PROBE_PATCHES))

    @staticmethod
    def _seed(seed: int) -> None:
        random.seed(seed)
        np.random.seed(seed % 2**32)
        torch.manual_seed(seed)

    def _load_state(self, path: Path) -> None:
        state = read_state(path)
        shapes = {name: tuple(tensor.shape) for name, tensor in self.model.state_dict().items()}
        check_state_matches(state, path, self.model.config(), self.config.scale, shapes)
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        p = state["progress"]
        self.progress = _Progress(int(p["step"]), p["best_psnr"], float(p["trained_s"]), int(p["patches"]),
                                  list(p["history"]), p.get("start"))
        torch.set_rng_state(state["torch_rng"])
        self._saved_step = self.progress.step

    def save_state(self) -> None:
        """Write the resumable state (model, optimizer, progress) atomically; rank 0 only."""
        self._saved_step = self.progress.step
        if self.rank != 0:
            return
        path = self.config.state_path
        payload = {
            "format": STATE_FORMAT,
            "config": asdict(self.config),
            "network": self.model.config(),
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "progress": asdict(self.progress),
            "torch_rng": torch.get_rng_state(),
        }
        with atomic_path(path) as tmp:
            torch.save(payload, tmp)

    def meta(self) -> dict[str, Any]:
        """What the model file records about how it was made."""
        c, p = self.config, self.progress
        return {
            "data": [Path(f).name for f in c.folders],
            "images": self.images_used,
            "steps": p.step,
            "epochs": p.step / c.steps_per_epoch,
            "schedule_epochs": c.epochs,
            "patches_seen": p.patches,
            "train_seconds": round(p.trained_s, 1),
            "patches_per_s": round(p.patches / p.trained_s, 1) if p.trained_s else None,
            "batch_size": c.batch_size,
            "label_patch": self.sampler.label,
            "lr": c.lr,
            "world_size": self.world,
            "device": self.device.type,
            "precision": "bf16-mixed" if self.bf16 else "fp32",
            "command": c.command,
            "validation": p.history[-1] if p.history else None,
            "base_model": Path(c.init).stem if c.init else None,
            "folders": [str(Path(f).resolve()) for f in c.folders],
            "validation_set": self.validation_set(),
            "bicubic_psnr": p.start["bicubic_psnr"] if p.start else None,
            "psnr_before": p.start["psnr"] if p.start else None,
            "psnr_after": self._psnr_after(),
            "denoise": c.denoise,
            "validation_jpeg_quality": self.validation_quality(),
            "weights": "best on validation" if self._best_weights is not None else "latest",
        }

    def validation_set(self) -> str | None:
        """Where validation pictures come from, in words (None without validation)."""
        if self.config.val:
            return str(Path(self.config.val).resolve())
        if self.val_paths:
            return f"{len(self.val_paths)} held-out picture(s): {', '.join(p.name for p in self.val_paths)}"
        return None

    def _psnr_after(self) -> float | None:
        p = self.progress
        if self._best_weights is not None:
            return p.best_psnr
        return p.history[-1]["psnr"] if p.history else None

    def validate(self) -> EvalReport | None:
        """Scores on the validation folder or the held-out pictures, literature protocol (rank 0 only)."""
        if self.rank != 0 or not (self.config.val or self.val_paths):
            return None
        scale = self.config.scale
        self.model.eval()
        try:
            # float32 throughout, as the model card measures: the best checkpoint is chosen on the same numbers.
            upscale = Upscaler(self.model, scale, device=self.device, tiling=WHOLE_IMAGE, half=False,
                               bf16=False).upscale_luminance
            quality = self.validation_quality()
            if self.config.val:
                return evaluate_folder(Path(self.config.val), scale, None, quality, upscale=upscale)
            return score_held_out(self.val_paths, scale, None, quality, upscale=upscale)
        finally:
            self.model.train()

    def validation_quality(self) -> int | None:
        """The JPEG quality validation inputs are saved at: the middle of the training range."""
        return None if self.config.denoise is None else denoise_level(self.config.denoise).validation_quality

    def measure_start(self) -> dict[str, float] | None:
        """Validate the starting weights once; their score also counts as the best so far.

        Returns (and keeps in the state) the model's and bicubic's mean PSNR and SSIM, or None
        without validation. The GUI draws bicubic as a reference line; the model file records the
        score as "PSNR before".
        """
        if self.progress.start is not None:
            return self.progress.start
        report = self.validate()
        if report is None:
            return None
        p = self.progress
        p.start = {"psnr": report.mean("srcnn_psnr"), "ssim": report.mean("srcnn_ssim"),
                   "bicubic_psnr": report.mean("bicubic_psnr"), "bicubic_ssim": report.mean("bicubic_ssim")}
        if p.best_psnr is None:
            p.best_psnr = p.start["psnr"]
            self._remember_best()
        return p.start

    def _remember_best(self) -> None:
        if self.config.keep_best:
            self._best_weights = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
        if self.rank == 0:
            save_model(self.config.best_path, self.model, self.config.scale, self.meta())

    def _should_stop(self, started: float, first_step: int, cancelled: Callable[[], bool] | None) -> bool:
        c, p = self.config, self.progress
        stop = p.step >= c.total_steps
        # A time budget always allows one step, so that a run given minutes leaves a model.
        stop = stop or (c.minutes is not None and p.step > first_step and time.monotonic() - started > c.minutes * 60)
        stop = stop or (cancelled is not None and cancelled())
        if self.world > 1:  # every rank must take the same number of steps
            flag = torch.tensor([1.0 if stop else 0.0], device=self.device)
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            stop = bool(flag.item())
        return stop

    def _train_step(self, step: int) -> float:
        inputs, targets = self.sampler.batch(self.config.batch_size)
        x = torch.from_numpy(inputs).to(self.device)
        y = torch.from_numpy(targets).to(self.device)
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate(self.config, step)
        loss, taken = _optimise(self.net, self.model, self.optimizer, x, y, bf16=self.bf16, clip_grad=self.config.clip_grad)
        if not taken:
            what = f"the loss is {loss:g}" if not math.isfinite(loss) else f"the gradients overflowed (loss {loss:g})"
            raise self._diverged(what, step + 1)
        return loss

    def _diverged(self, what: str, step: int) -> TrainingDivergedError:
        return diverged(what, step, self.config.total_steps, self.config.lr, self._saved_step)

    def _check_output(self) -> None:
        """Raise :class:`TrainingDivergedError` if the weights now make unusable pictures (never saved)."""
        problem = output_problem(self.model, *self._probe)
        if problem:
            raise self._diverged(problem, self.progress.step)

    def run(self, cancelled: Callable[[], bool] | None = None) -> Iterator[StepReport | EpochReport]:
        """Train until the schedule ends, the time budget runs out or ``cancelled()``; yields reports."""
        c, p = self.config, self.progress
        started = last_checkpoint = time.monotonic()
        window_loss, window_n, window_start = 0.0, 0, time.monotonic()
        report_loss = 0.0
        first_step = p.step
        if p.step == 0:
            self.measure_start()
        unusable = False
        try:
            while not self._should_stop(started, first_step, cancelled):
                t0 = time.monotonic()
                loss = self._train_step(p.step)
                p.step += 1
                p.patches += c.batch_size * self.world
                p.trained_s += time.monotonic() - t0
                window_loss, window_n, report_loss = window_loss + loss, window_n + 1, report_loss + loss
                if p.step % REPORT_EVERY == 0:
                    now = time.monotonic()
                    yield StepReport(p.step, c.total_steps, p.step // c.steps_per_epoch, report_loss / REPORT_EVERY,
                                     learning_rate(c, p.step), REPORT_EVERY * c.batch_size * self.world / (now - window_start),
                                     now - started)
                    window_start, report_loss = now, 0.0
                if p.step % c.steps_per_epoch == 0:
                    yield self._end_epoch(window_loss / window_n, started)
                    window_loss, window_n = 0.0, 0
                if time.monotonic() - last_checkpoint > c.checkpoint_minutes * 60:
                    self._check_output()
                    self.save_state()
                    last_checkpoint = time.monotonic()
        except TrainingDivergedError:
            unusable = True  # the last checkpoint keeps the last good weights: never overwritten with these
            raise
        finally:
            # Also on Ctrl-C, SIGTERM or an abandoned generator: nothing trained is lost. A run that
            # was already finished trains nothing and rewrites nothing (its model file keeps its card).
            if p.step > first_step and not unusable:
                self._check_output()
                self.save_checkpoint()

    def save_checkpoint(self) -> None:
        """The resumable state and the latest weights as a model file (rank 0 only)."""
        self.save_state()
        if self.rank == 0 and self.progress.step > 0:
            model = self.model
            if self._best_weights is not None:
                model = copy.deepcopy(self.model)
                model.load_state_dict(self._best_weights)
            save_model(self.config.out, model, self.config.scale, self.meta())

    def _end_epoch(self, mean_loss: float, started: float) -> EpochReport:
        c, p = self.config, self.progress
        self._check_output()
        report = self.validate()
        val_psnr = report.mean("srcnn_psnr") if report else None
        val_ssim = report.mean("srcnn_ssim") if report else None
        if val_psnr is not None:
            p.history.append({"step": p.step, "patches": p.patches, "seconds": round(p.trained_s, 1),
                              "psnr": round(val_psnr, 4), "ssim": round(val_ssim or 0.0, 5)})
            if p.best_psnr is None or val_psnr > p.best_psnr:
                p.best_psnr = val_psnr
                self._remember_best()
        if self.rank == 0:
            self.save_checkpoint()
        return EpochReport(p.step // c.steps_per_epoch, p.step, c.total_steps, mean_loss, val_psnr, val_ssim,
                           p.best_psnr, time.monotonic() - started)

    def close(self) -> None:
        """Leave the process group (under torchrun)."""
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def initial_model(config: TrainConfig) -> Network:
    """The network a run starts from: the ``init`` weights (fine-tuning) or a new ``arch``.

    An FSRCNN of another scale starts a run too, as in the FSRCNN paper: everything but the deconvolution
    (which alone depends on the scale) is kept, and the deconvolution starts afresh.
    """
    if not config.init:
        arguments = network_arguments({"arch": config.arch, "n1": config.n1, "n2": config.n2,
                                       "residual": config.residual, "scale": config.scale})
        return build_network(arguments).train()
    model, info = load_model(config.init)
    if info.scale == config.scale:
        return model.train()
    if not model.enlarges:
        raise ModelLoadError(f"{config.init}: a x{info.scale} model cannot start x{config.scale} training")
    rescaled = build_network(network_arguments({**model.config(), "scale": config.scale}))
    kept = {name: weights for name, weights in model.state_dict().items() if not name.startswith("deconv.")}
    rescaled.load_state_dict(kept, strict=False)
    return rescaled.train()


def training_label(config: TrainConfig, model: Network) -> int:
    """The side of the target patches: ``config.label``, for FSRCNN the largest multiple of the scale not above it
    (a low-res patch must give whole target pixels)."""
    factor = model.input_factor
    return max(factor, config.label // factor * factor)


def training_side(config: TrainConfig, model: Network) -> int:
    """The shorter side a ground-truth picture needs for one training patch."""
    return training_label(config, model) + 2 * model.radius * model.input_factor


@dataclass(frozen=True)
class TrainingPreview:
    """What a run would train on and how long an epoch would take, measured before it starts."""

    scan: ImageScan
    train_images: int
    val_images: int  # held-out pictures; 0 when validating on a folder or not at all
    step_seconds: float
    patches_per_s: float
    steps_per_epoch: int
    device: str

    @property
    def epoch_seconds(self) -> float:
        """Training time of one epoch (validation comes on top)."""
        return self.step_seconds * self.steps_per_epoch


def preview_training(config: TrainConfig, timing_steps: int = 3) -> TrainingPreview:
    """Scan the folders and time a few training steps of a throwaway copy of the model on this device.

    Raises :class:`DatasetError` with the reason when the folders hold no usable picture.
    """
    check_settings(config)
    device = select_device(config.device)
    model = initial_model(config).to(device)
    scan = scan_images([Path(f) for f in config.folders], config.scale, min_side=training_side(config, model))
    train_paths, val_paths = split_holdout(scan.usable, 0.0 if config.val else config.holdout)
    bf16 = use_bf16(config.precision, device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    side = training_label(config, model) // model.input_factor + 2 * model.radius
    # The time of a step does not depend on the pixel values: random patches of the right size will do.
    x = torch.rand(config.batch_size, 1, side, side, device=device)
    label = training_label(config, model)
    y = torch.rand(config.batch_size, 1, label, label, device=device)
    net = _ValidPass(model)
    times = []
    for _ in range(timing_steps + 1):  # the first step pays for allocations: not timed
        t0 = time.perf_counter()
        _optimise(net, model, optimizer, x, y, bf16=bf16, clip_grad=config.clip_grad)
        times.append(time.perf_counter() - t0)
    step_seconds = float(np.median(times[1:]))
    return TrainingPreview(scan, len(train_paths), len(val_paths), step_seconds, config.batch_size / step_seconds,
                           config.steps_per_epoch, device.type)
