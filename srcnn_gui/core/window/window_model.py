"""The main window as a plain object (after napari's ``ViewerModel``): what is asked for, the pictures, where results go.

The Qt window shows a :class:`WindowModel` and sends it the user's intents (:meth:`~WindowModel.set_scale_text`,
:meth:`~WindowModel.choose_model`, :meth:`~WindowModel.set_denoise` ...); it keeps no setting in a widget.
The model answers with :class:`WindowEvents`: the choices to show again, a queue rescheduled after a
change, a message. The size asked for travels as one value, :attr:`WindowModel.request` (a factor or an
output size); the queue's order is :class:`~srcnn_gui.core.window.picture_queue.PictureQueue`'s.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import ConfigError, ImageReadError
from srcnn_gui.core.images.denoise_levels import AUTO as AUTO_DENOISE
from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES, NO_DENOISE
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN, EVALUATE_PATTERN, colliding_targets, output_name
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import check_picture_file, scan_folder
from srcnn_gui.core.inference.device import available_devices
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch import BatchNote, BatchSummary, run_batch
from srcnn_gui.core.jobs.batch_inputs import BatchItem, sort_inputs
from srcnn_gui.core.jobs.batch_plan import BatchPlan, Remedies, plan_batch, plan_file
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import LargeOutcome, upscale_any_picture
from srcnn_gui.core.jobs.picture import UpscaleOutcome
from srcnn_gui.core.jobs.region_plan import ViewFocus
from srcnn_gui.core.jobs.result_cache import remove_stale_caches
from srcnn_gui.core.models.model_info import ModelInfo, read_info
from srcnn_gui.core.models.registry import list_models, ranked_models
from srcnn_gui.core.models.scales import DEFAULT_FACTOR, SIZE_HELP, parse_request, serving_passes
from srcnn_gui.core.window.events import Event
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.picture_queue import DONE, FAILED, PictureQueue, QueueEntry
from srcnn_gui.core.window.saving import check_target, save_task, write_outcome

UPSCALE, EVALUATE = "upscale", "evaluate"
MODES = (UPSCALE, EVALUATE)
DEFAULT_SCALE_TEXT = f"x{DEFAULT_FACTOR}"
# What the user can do about a picture a batch refuses, in the window's words.
WINDOW_REMEDIES = Remedies(collision="rename one of them, or upscale it by itself",
                           long_name="rename the picture", exists="delete it or choose another folder for the results")


@dataclass(frozen=True)
class WindowEvents:
    """What a :class:`WindowModel` announces; each event's arguments are in its comment."""

    choices_changed: Event = field(default_factory=Event)  # (): the toolbar shows the choices again
    requeued: Event = field(default_factory=Event)  # (stop_running: bool): every result, or the mode, changed
    message: Event = field(default_factory=Event)  # (text): why no picture can run
    entry_changed: Event = field(default_factory=Event)  # (QueueEntry): its status, message or result changed


@dataclass(frozen=True)
class PictureJob:
    """The picture to start now and its work, a function of a :class:`JobControl` (run in a worker thread);
    ``focus`` is told where the view is, so a large picture's part on screen is computed first."""

    entry: QueueEntry
    task: Callable[[JobControl], UpscaleOutcome | LargeOutcome]
    focus: ViewFocus


class WindowModel:
    """The window's settings, its pictures and what saving writes where; no Qt.

    ``devices``: the devices offered, best first (default: those this machine has).
    """

    def __init__(self, devices: tuple[str, ...] | None = None) -> None:
        self.events = WindowEvents()
        self.devices = devices or tuple(available_devices())
        self.scale_text = DEFAULT_SCALE_TEXT  # what the Scale field says
        self.request: OutputSize | None = None  # what it asks for; None while the text is neither a factor nor a size
        self.offered: tuple[ModelInfo, ...] = ()  # the clean models of the request's first pass, best first
        self.model: ModelInfo | None = None  # the one chosen; None: the best for each picture's factor
        self.remembered_model: str | None = None  # a model file preferred when the list is filled (the last start's)
        self.denoise = AUTO_DENOISE
        self.device = self.devices[0]
        self.mode = UPSCALE
        self.evaluate_jpeg: int | None = None  # Evaluate mode saves the shrunk picture as a JPEG of this quality
        self.output = OutputSettings()
        self.pictures = PictureQueue(self.events.entry_changed.emit, _release)
        remove_stale_caches()  # large results a crashed run left in the cache folder
        self.current: QueueEntry | None = None  # the picture on screen
        self._pasted = 0

    # --- the choices -------------------------------------------------------------------------
    @property
    def per_picture(self) -> bool:
        """An output size is asked for: each picture's factor picks its own models."""
        return self.request is not None and self.request.factor is None

    def can_run(self) -> bool:
        """Whether pictures can be upscaled with these choices (a size that is one, and a model for it)."""
        return self.request is not None and (bool(self.offered) or self.per_picture)

    def size_label(self) -> str:
        """The size asked for as output names write it (``3``, ``2.5``, ``w1920``)."""
        return self.request.label() if self.request is not None else self.scale_text

    def set_scale_text(self, text: str) -> None:
        """The Scale field says ``text``: a factor or an output size, and the models for it."""
        self.scale_text = text.strip()
        self.refresh_models()

    def refresh_models(self, select_path: str | None = None) -> None:
        """Fill the model list for the size asked for (after a scale change, a training run or an import),
        keeping the model chosen unless ``select_path`` names another; the results are stale only when
        the size or the model changed."""
        before = (self.request, self._model_path())
        try:
            self.request = parse_request(self.scale_text)
        except ConfigError:
            self.request = None
        first = serving_passes(self.request.factor)[0] if self.request and self.request.factor is not None else None
        self.offered = tuple(ranked_models(first, NO_DENOISE)) if first is not None else ()
        named = _model_outside_registry(select_path, first, self.offered)
        if named is not None:  # a model file named on the command line, not in a model folder: offered as well
            self.offered += (named,)
        wanted = select_path or before[1] or self.remembered_model
        self.model = next((m for m in self.offered if wanted and Path(wanted) == m.path),
                          self.offered[0] if self.offered else None)
        self.events.choices_changed.emit()
        if (self.request, self._model_path()) != before:
            self._restart_all()
        if self.request is None:
            self.events.message.emit(f"Scale '{self.scale_text}': type {SIZE_HELP}.")
        elif not self.can_run():
            self.events.message.emit(f"No model for x{first}: train one with Model › Train on folder….")

    def choose_model(self, model: ModelInfo | None) -> None:
        """The user chose ``model`` from the list (None: the best for each picture's factor)."""
        if model != self.model:
            self.model = model
            self._restart_all()

    def use_model(self, info: ModelInfo) -> None:
        """Switch to ``info`` (just trained or imported): its scale, then the model."""
        if self.request is None or self.request.factor != info.scale:
            self.scale_text = f"x{info.scale}"
        self.refresh_models(select_path=str(info.path))

    def use_model_file(self, path: str) -> ModelInfo | None:
        """Switch to the model file ``path`` (see :meth:`use_model`); None if it is no longer listed."""
        info = next((m for m in list_models() if str(m.path) == path), None)
        if info is not None:
            self.use_model(info)
        return info

    def set_denoise(self, level: str) -> None:
        """JPEG denoising: auto, none or a level (an unknown name means auto)."""
        self._set_result_choice("denoise", level if level in DENOISE_CHOICES else AUTO_DENOISE)

    def set_device(self, device: str) -> None:
        """The device to run on (one this machine does not have means the best it has)."""
        self._set_result_choice("device", device if device in self.devices else self.devices[0])

    def set_evaluate_jpeg(self, quality: int | None) -> None:
        """Evaluate mode: save the shrunk picture as a JPEG of ``quality`` first (None or 0: not)."""
        self._set_result_choice("evaluate_jpeg", quality or None)

    def _set_result_choice(self, name: str, value: object) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            self.events.choices_changed.emit()
            self._restart_all()

    def set_mode(self, mode: str) -> None:
        """Upscale or evaluate. Results are kept by mode; only the picture on screen runs in the new one, the
        others when chosen."""
        mode = mode if mode in MODES else UPSCALE
        if mode == self.mode:
            return
        old, self.mode = self.mode, mode
        self.events.choices_changed.emit()
        self.events.requeued.emit(self.pictures.switch_mode(old, mode, self.current, f"choose it to {mode}"))

    def set_output(self, output: OutputSettings) -> None:
        """Where results go and how they are written, from now on."""
        self.output = output

    def _model_path(self) -> str | None:
        return str(self.model.path) if self.model is not None else None

    def _restart_all(self) -> None:
        self.events.requeued.emit(self.pictures.restart_all())

    # --- the pictures ------------------------------------------------------------------------
    @property
    def entries(self) -> list[QueueEntry]:
        """The pictures in the queue, in order."""
        return self.pictures.entries

    def add_paths(self, paths: list[Path]) -> tuple[list[QueueEntry], list[str]]:
        """Queue files and the pictures in folders (searched recursively); the new entries, and a message
        for each folder without pictures and each problem with a folder.

        A file that cannot be a picture (a named pipe, a device, a link to a missing file, an empty file),
        given or found in a folder, is queued as failed with the reason, after the pictures; the first
        new picture becomes the one on screen.
        """
        pictures: list[QueueEntry] = []
        failed: list[QueueEntry] = []
        problems: list[str] = []
        for path in paths:
            if not path.is_dir():
                try:
                    check_picture_file(path)
                    pictures.append(QueueEntry(path.name, path=path))
                except ImageReadError as exc:
                    failed.append(QueueEntry(path.name, path=path, status=FAILED, message=str(exc)))
                continue
            scan = scan_folder(path)
            pictures.extend(QueueEntry(found.name, path=found) for found in scan.images)
            for problem in scan.problems:
                named = _file_named_in(problem)
                if named is None:
                    problems.append(problem)
                else:
                    failed.append(QueueEntry(named.name, path=named, status=FAILED, message=problem))
            if not scan.images and not any(entry.path.is_relative_to(path) for entry in failed):
                problems.append(f"{path}: no pictures in this folder")
        return self._add(pictures + failed), problems

    def add_pixels(self, pixels: np.ndarray) -> QueueEntry:
        """Queue a pasted picture (``pasted-1``, ``pasted-2`` ...) and put it on screen."""
        self._pasted += 1
        return self._add([QueueEntry(f"pasted-{self._pasted}", pixels=pixels)])[0]

    def _add(self, entries: list[QueueEntry]) -> list[QueueEntry]:
        self.pictures.add(entries)
        if entries:
            self.current = entries[0]
        return entries

    def choose(self, entry: QueueEntry | None) -> bool:
        """The user put ``entry`` on screen; returns whether it should run now (it was waiting)."""
        self.current = entry
        return self.pictures.choose(entry)

    def next_job(self) -> PictureJob | None:
        """The picture to start now with the current choices, or None (one runs, the queue waits, or none can)."""
        entry = self.pictures.next_to_run(self.current) if self.can_run() else None
        if entry is None:
            return None
        focus = ViewFocus()
        return PictureJob(entry, partial(upscale_any_picture, entry.source, self.chooser(), evaluate=self.mode == EVALUATE,
                                         jpeg=self.evaluate_jpeg, size=self.request, focus=focus), focus)

    def chooser(self) -> ModelChooser:
        """The models for each picture as every job of the window picks them: its factor for the size asked for,
        its JPEG quality with denoise auto, the chosen model as the clean one."""
        if self.request is None:
            raise ConfigError(f"Scale '{self.scale_text}': type {SIZE_HELP}")
        return ModelChooser(self.request.factor, self.denoise, clean=self.model, device=self.device)

    # --- file to file ------------------------------------------------------------------------
    def batch_task(self, items: list[BatchItem], output: Path,
                   problems: Sequence[str] = ()) -> Callable[[JobControl], BatchSummary]:
        """A batch of ``items`` into ``output`` with the current choices, for a worker thread: planned there
        (every picture's header is read) and run by the one batch engine, as the CLI's ``upscale`` is: each picture
        once, the earlier results found in ``output`` set apart (:func:`~srcnn_gui.core.jobs.batch_inputs.sort_inputs`),
        each said in a :class:`~srcnn_gui.core.jobs.batch.BatchNote` at the end. ``problems``, what gathering
        ``items`` could not use (a named pipe, a link to a missing file), lead the summary's failures."""
        chooser, pattern = self.chooser(), self.output.pattern(DEFAULT_PATTERN)
        inputs = sort_inputs(items, output, self.request.label(), pattern)
        plan = partial(plan_batch, inputs.pictures, output, chooser, self.request, pattern=pattern,
                       remedies=WINDOW_REMEDIES, results=[item.source for item in inputs.results])
        notes = [note for note in (*inputs.repeats, inputs.results_note()) if note]
        return partial(_plan_and_run, plan, problems=problems, notes=notes, **self.output.encoding())

    def to_file_task(self, source: Path, target: Path, *, overwrite: bool = False) -> Callable[[JobControl], BatchSummary]:
        """One picture straight to ``target``, in bands (any size), with the models a batch would choose for it."""
        plan = partial(plan_file, source, target, self.chooser(), self.request)
        return partial(_plan_and_run, plan, overwrite=overwrite, **self.output.encoding())

    # --- saving ------------------------------------------------------------------------------
    def save_path(self, entry: QueueEntry, folder: Path | None = None) -> Path:
        """``<stem>_srcnn_x<scale>.png`` in ``folder`` or the output folder (default: beside the input; pasted
        pictures: the home folder), with the output format's extension.

        In Evaluate mode the result is the picture shrunk and restored: ``<stem>_evaluate_x<scale>.png``.
        """
        return (folder or self.output.folder_for(entry.path)) / self._name_for(entry.path or Path(entry.name))

    def _name_for(self, source: Path) -> str:
        pattern = self.output.pattern(EVALUATE_PATTERN if self.mode == EVALUATE else DEFAULT_PATTERN)
        return output_name(source, self.size_label(), pattern)

    def save(self, entry: QueueEntry, path: Path, *, overwrite: bool = False) -> None:
        """Write ``entry``'s result to ``path`` atomically, with its file's metadata; never over its original.

        Raises an error of ours (:mod:`srcnn_gui.core.errors`) naming the file when it cannot.
        """
        write_outcome(check_target(entry, path), path, overwrite=overwrite, **self.output.encoding())

    def save_task(self, targets: list[tuple[QueueEntry, Path]], *,
                  overwrite: bool = False) -> Callable[[JobControl], BatchSummary]:
        """Writing ``targets`` in a worker thread, as :meth:`save` does each (for large results, which take a while)."""
        return save_task(targets, overwrite=overwrite, **self.output.encoding())

    def outcome_lines(self) -> tuple[list[str], bool]:
        """Each picture's outcome in words ("done in 3.2 s", "failed: why", or what it waits for), and whether
        every picture is done (the scripted mode's report and exit code)."""
        lines = []
        for entry in self.entries:
            if entry.status == DONE and entry.outcome is not None:
                lines.append(f"{entry.name}: done in {entry.outcome.seconds:.1f} s")
            elif entry.status == FAILED:
                lines.append(f"{entry.name}: failed: {entry.message}")
            else:
                lines.append(f"{entry.name}: not done ({entry.message or entry.status})")
        return lines, all(entry.status == DONE for entry in self.entries)

    def close(self) -> None:
        """The window closes: every result is dropped, and large ones' caches removed."""
        self.pictures.release_all()

    def save_all_targets(self, folder: Path) -> tuple[list[tuple[QueueEntry, Path]], list[str]]:
        """Where *Save all* writes each finished result in ``folder``, and why the others are not written:
        results that would share a file name (x.jpg and x.png) are all refused, so none replaces another."""
        done = [e for e in self.entries if e.outcome is not None]
        targets = {index: self.save_path(entry, folder) for index, entry in enumerate(done)}
        refused = []
        for clash in colliding_targets(targets):
            names = " and of ".join(done[index].name for index in clash)
            refused.append(f"{targets[clash[0]].name}: the result of {names}; none saved")
            for index in clash:
                del targets[index]
        return [(done[index], target) for index, target in targets.items()], refused


def _release(outcome: object) -> None:
    """Remove what a dropped result keeps on disk."""
    if isinstance(outcome, LargeOutcome):
        outcome.cache.remove()


def _plan_and_run(plan: Callable[[], BatchPlan], control: JobControl, *, overwrite: bool = False,
                  problems: Sequence[str] = (), notes: Sequence[str] = (), **encoding: int) -> BatchSummary:
    """Plan and run the batch, ``problems`` (found before it was planned) first among its failures; then
    ``notes`` (said about its inputs before it was planned) are reported as the engine's own notes about the
    whole batch are: last."""
    planned = plan()
    summary = run_batch(replace(planned, problems=[*problems, *planned.problems]), control, overwrite=overwrite,
                        **encoding)
    for note in notes:
        control.report(BatchNote(note))
    return summary


def _file_named_in(problem: str) -> Path | None:
    """The file a folder scan's problem ("PATH: why") names, when it is no folder (a named pipe, a device, a
    link to a missing file): such a file is queued as failed. None for a problem with a folder."""
    named = [Path(problem[: match.start()]) for match in re.finditer(": ", problem)]
    existing = [path for path in named if os.path.lexists(path)]  # a name may hold ": " too: the longest is it
    return existing[-1] if existing and not existing[-1].is_dir() else None


def _model_outside_registry(path: str | None, scale: int | None, offered: tuple[ModelInfo, ...]) -> ModelInfo | None:
    """The model file ``path`` when it serves ``scale`` but is not among ``offered`` (None otherwise)."""
    if path is None or scale is None or any(Path(path) == m.path for m in offered):
        return None
    info = read_info(path)
    return info if info.scale == scale else None
