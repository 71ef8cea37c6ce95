"""What is checked before a training run does any work, so that it never fails after training for a reason it
could have named at the start: the settings (:func:`check_settings`), the places its files go
(:func:`prepare_destinations`) and, when it resumes, whether the state file is of the same network and scale
(:func:`check_state_matches`). The command line and the window's *Train on folder* both run through these.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from srcnn_gui.core.atomic import destination_problem, remove_abandoned_temporaries
from srcnn_gui.core.errors import ConfigError, TrainingStateError
from srcnn_gui.core.models.architecture import network_arguments
from srcnn_gui.core.models.scales import SCALES
from srcnn_gui.core.training.presets import DEFAULT
from srcnn_gui.core.training.train_config import TrainConfig

# The settings that make a state's weights mean something else, in the order a message lists them. The rest
# (schedule length, batch, patch size, data) may change between two sessions of one run.
NETWORK_SETTINGS = ("arch", "n1", "n2", "n_extra", "residual")


def check_learning_rate(lr: float) -> float:
    """``lr`` if it is a usable learning rate (a finite number above 0), else :class:`ConfigError`."""
    if not (math.isfinite(lr) and lr > 0):
        raise ConfigError(f"the learning rate must be a number above 0, such as {DEFAULT.lr:g}; not {lr:g}")
    return lr


def check_minutes(minutes: float | None) -> float | None:
    """``minutes`` if it is a usable time budget (none, or a finite number above 0), else :class:`ConfigError`."""
    if minutes is not None and not (math.isfinite(minutes) and minutes > 0):
        raise ConfigError(f"the time budget must be a number of minutes above 0, not {minutes:g} "
                          "(without one, a run trains to the end of its schedule)")
    return minutes


def check_holdout(fraction: float) -> float:
    """``fraction`` if it is a share of the pictures that can be held out (0 up to, not including, 1)."""
    if not (math.isfinite(fraction) and 0 <= fraction < 1):
        raise ConfigError(f"the held-out share of the pictures must be at least 0 and below 1, not {fraction:g}")
    return fraction


def _check_whole(name: str, value: object, low: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ConfigError(f"{name} must be a whole number of at least {low}, not {value!r}")


def _check_range(name: str, value: float, low: float, high: float, *, above_low: bool = False) -> None:
    inside = math.isfinite(value) and (value > low if above_low else value >= low) and value <= high
    if not inside:
        raise ConfigError(f"{name} must be {'above' if above_low else 'at least'} {low:g} and at most {high:g}, "
                          f"not {value:g}")


def check_settings(config: TrainConfig) -> None:
    """Raise :class:`ConfigError` naming the first setting of ``config`` that no run can use."""
    if not config.folders:
        raise ConfigError("no folder of pictures to train on")
    if config.scale not in SCALES:
        raise ConfigError(f"the scale must be one of {', '.join(map(str, SCALES))}, not {config.scale!r}")
    check_learning_rate(config.lr)
    check_minutes(config.minutes)
    check_holdout(config.holdout)
    for name in ("epochs", "steps_per_epoch", "batch_size", "label"):
        _check_whole(name.replace("_", " "), getattr(config, name), 1)
    _check_whole("warm-up steps", config.warmup_steps, 0)
    _check_range("the lowest learning rate's share of the highest", config.lr_min_ratio, 0, 1)
    _check_range("gradient clipping", config.clip_grad, 0, math.inf)
    _check_range("minutes between checkpoints", config.checkpoint_minutes, 0, math.inf, above_low=True)


def prepare_destinations(config: TrainConfig) -> None:
    """Make sure the model file and the training state can be written, before any training: their folders exist
    (made if missing) and take a new file, and the model's name is not a folder's. Temporaries that an
    interrupted run (a kill during a checkpoint) left there are removed. :class:`ConfigError` names the file."""
    out = Path(config.out)
    if out.is_dir():
        raise ConfigError(f"{out}: a folder; the model file needs a file name, such as {out / 'model.pt'}")
    for path, what in ((out, "the model file"), (config.state_path, "the training state")):
        problem = destination_problem(path)
        if problem:
            raise ConfigError(f"{path}: cannot write {what} there: {problem}; choose a folder you can write to")
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_temporaries(path.parent)


def _recorded_network(state: dict[str, Any]) -> dict[str, Any] | None:
    """The network a state trains: recorded in it, or, for states that predate the record, named by its run's
    settings (``None`` for a fine-tuning run's: only its weights tell)."""
    if "network" in state:
        return dict(state["network"])
    settings = state["config"]
    if settings.get("init"):
        return None
    return network_arguments({key: settings.get(key) for key in ("arch", "n1", "n2", "residual", "scale")})


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def check_state_matches(state: dict[str, Any], path: Path, network: dict[str, Any], scale: int,
                        shapes: dict[str, tuple[int, ...]]) -> None:
    """Raise :class:`TrainingStateError` unless the training state ``state`` (read from ``path``) trains the
    ``network`` (its constructor arguments) at ``scale`` with weights of these ``shapes``.

    Resuming another network would fail on its weights; another scale would go on silently as the wrong model.
    """
    differences: dict[str, tuple[object, object]] = {}
    recorded = _recorded_network(state)
    if recorded is not None:
        differences = {key: (recorded[key], network[key]) for key in NETWORK_SETTINGS
                       if key in recorded and key in network and recorded[key] != network[key]}
    state_scale = state["config"].get("scale")
    if state_scale != scale:
        differences["scale"] = (state_scale, scale)
    if not differences:
        weights = {name: tuple(tensor.shape) for name, tensor in state["model"].items()}
        if weights != shapes:
            differences["network"] = ("weights of other shapes", network["arch"])
    if differences:
        listed = "; ".join(f"{key}: {_words(old)} in the state, {_words(new)} asked"
                           for key, (old, new) in differences.items())
        raise TrainingStateError(f"{path}: this training state is of another run ({listed})", differences,
                                 "Resume it with its own settings, or start afresh without it (its file is then replaced)")
