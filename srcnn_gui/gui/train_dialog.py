"""The "Train on folder" dialog: fine-tune (or train) a model on the user's own pictures.

The dialog only collects settings and shows what the worker reports: the scan and time estimate
(:func:`~srcnn_gui.core.training.trainer.preview_training`), then the training itself
(:func:`~srcnn_gui.core.jobs.training_run.train_model`), both through a
:class:`~srcnn_gui.gui.workers.JobRunner`. The settings are :class:`TrainingForm`, the curves
:class:`TrainingPlots`, the user's models :class:`UserModelsBox`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.jobs.training_run import StartScores, TrainingOutcome, train_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.progress import counted, format_duration, seconds_left
from srcnn_gui.core.training.trainer import EpochReport, StepReport, TrainingPreview, preview_training
from srcnn_gui.gui.training_form import TrainingForm
from srcnn_gui.gui.training_plots import TrainingPlots
from srcnn_gui.gui.user_models import UserModelsBox
from srcnn_gui.gui.workers import JobRunner, Worker

SHOWN_SKIPS = 3  # skipped pictures listed by name in the scan summary; the rest are counted


def summarise_preview(preview: TrainingPreview, validation: str) -> str:
    """The scan's findings and the time estimate, in words, for the dialog."""
    scan = preview.scan
    lines = [f"{counted(len(scan.usable), 'usable picture')}: {preview.train_images} to train on, {validation}."]
    if scan.skipped:
        shown = "; ".join(scan.skipped[:SHOWN_SKIPS])
        more = f" and {len(scan.skipped) - SHOWN_SKIPS} more" if len(scan.skipped) > SHOWN_SKIPS else ""
        lines.append(f"{len(scan.skipped)} skipped: {shown}{more}.")
    if scan.not_pictures:
        lines.append(f"{counted(scan.not_pictures, 'other file')} ignored: not pictures.")
    lines.append(f"About {format_duration(preview.epoch_seconds)} per epoch on this {preview.device.upper()} "
                 f"({preview.patches_per_s:.0f} patches/s), plus validation.")
    return "\n".join(lines)


def outcome_words(outcome: TrainingOutcome) -> str:
    """How a run ended, what was saved and why, in words for the dialog."""
    before, after = outcome.psnr_before, outcome.psnr_after
    if outcome.path is None:
        if outcome.improved is False:
            return (f"Training cancelled. No validation beat the starting model ({before:.2f} dB), so nothing "
                    "was saved: it would only be a copy of the model you started from.")
        return "Training cancelled before the first step; nothing was saved."
    saved = f"Training cancelled. The best model so far is saved as {outcome.path}" if outcome.cancelled else \
        f"Done: saved {outcome.path}"
    if outcome.improved is None:
        scores = " (not validated)."
    elif outcome.improved:
        scores = f": validation Y-PSNR {before:.2f} dB before, {after:.2f} dB after."
    else:
        scores = f". No epoch beat the starting model ({before:.2f} dB on validation), so it holds the starting weights."
    return f"{saved}{scores} It is in the model list; Use this model switches the window to it."


class TrainDialog(QDialog):
    """Collects the settings, checks the folders, runs a :class:`TrainJob` and plots what it reports."""

    model_trained = Signal(str)  # path of a new model file (finished, or the best so far on cancel)
    use_model = Signal(str)  # the user asked to switch to that model file
    models_changed = Signal()  # a user model was deleted
    preview_ready = Signal(object)  # TrainingPreview, after "Check folders"

    def __init__(self, base_model: ModelInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train on folder")
        self.runner = JobRunner(self)
        self.runner.stopped.connect(self._on_stopped)

        self.form = TrainingForm(base_model)
        settings = QVBoxLayout()
        settings.addWidget(self.form)
        self.user_models = UserModelsBox()
        self.user_models.models_changed.connect(self.models_changed)
        settings.addWidget(self.user_models)
        settings.addStretch(1)
        self.plots = TrainingPlots()

        columns = QHBoxLayout()
        columns.addLayout(settings, 2)
        columns.addWidget(self.plots, 3)

        self.progress = QProgressBar()
        self.stats = QLabel("")
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.check_button = self.buttons.addButton("Check folders", QDialogButtonBox.ButtonRole.ActionRole)
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.ActionRole)
        self.pause_button = self.buttons.addButton("Pause", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton("Cancel training", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.use_button = self.buttons.addButton("Use this model", QDialogButtonBox.ButtonRole.ApplyRole)
        self.use_button.setToolTip("Select the model just trained in the main window (the window keeps its own until then)")
        self.use_button.setVisible(False)
        self.use_button.clicked.connect(lambda: self.use_model.emit(self._trained))
        self._trained = ""  # the model file the latest run saved
        self.check_button.clicked.connect(self.check)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.progress)
        layout.addWidget(self.stats)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._set_busy(None)

    # --- running -----------------------------------------------------------------------------
    def _training_worker(self) -> Worker | None:
        worker = self.runner.worker
        return worker if worker is not None and worker.kind == "train" else None

    def is_running(self) -> bool:
        """True while a training run is in progress (a folder check does not count)."""
        return self._training_worker() is not None

    def is_busy(self) -> bool:
        """Whether a folder check or a training run is going on."""
        return self.runner.is_busy()

    def _launch(self, worker: Worker) -> None:
        worker.failed.connect(self._on_failed)
        self.runner.start(worker)
        self._set_busy(worker)

    @Slot()
    def check(self) -> None:
        """Scan the folders and time a few steps in the background; the summary appears in the form."""
        problem = self.form.problem()
        if problem:
            self._warn(problem)
            return
        config = self.form.config()
        worker = Worker("preview", lambda _control: preview_training(config))
        worker.finished.connect(self._on_preview)
        self.form.scan_label.setText("Reading pictures and timing a few training steps…")
        self._launch(worker)

    @Slot()
    def start(self) -> None:
        """Train as the form says, unless it has a problem or the model name is taken."""
        problem = self.form.problem()
        config = self.form.config()
        if problem is None and Path(config.out).exists():
            problem = f"{config.out}: a model of that name exists. Choose another name, or delete that model first."
        if problem:
            self._warn(problem)
            return
        self.plots.start(config.total_steps)
        self.progress.setRange(0, config.total_steps)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.stats.setText("")
        self.status.setText("Reading pictures and measuring the starting model…")
        worker = Worker("train", partial(train_model, config))
        worker.yielded.connect(self._on_report)
        worker.paused.connect(self._on_paused)
        worker.finished.connect(self._on_finished)
        self.use_button.setVisible(False)
        self._launch(worker)

    @Slot()
    def toggle_pause(self) -> None:
        """Pause the training after its current step, or resume it."""
        worker = self._training_worker()
        if worker is None:
            return
        control = worker.control
        if control.is_paused():
            control.resume()
            self.pause_button.setText("Pause")
            self.status.setText("Training…")
        else:
            control.pause()
            self.pause_button.setText("Resume")
            self.status.setText("Pausing after the current step…")

    @Slot()
    def cancel(self) -> None:
        """Stop the training after its current step; the best model so far is kept if it beats the start."""
        worker = self._training_worker()
        if worker is not None:
            worker.cancel()
            self.status.setText("Stopping after the current step; the best model so far is kept if it beats the start…")

    def _set_busy(self, worker: Worker | None) -> None:
        busy, training = worker is not None, worker is not None and worker.kind == "train"
        self.form.set_busy(busy)
        for button in (self.check_button, self.start_button):
            button.setEnabled(not busy)
        self.pause_button.setEnabled(training)
        self.pause_button.setText("Pause")
        self.cancel_button.setEnabled(training)
        self.close_button.setText("Hide (training goes on)" if training else "Close")

    # --- what the workers report -------------------------------------------------------------
    @Slot(object)
    def _on_preview(self, preview: TrainingPreview) -> None:
        self.form.scan_label.setText(summarise_preview(preview, self.form.validation_words(preview)))
        self.preview_ready.emit(preview)

    @Slot(object)
    def _on_report(self, report: StartScores | StepReport | EpochReport) -> None:
        if isinstance(report, StartScores):
            self._on_start_scores(report.scores)
        elif isinstance(report, EpochReport):
            self._on_epoch(report)
        else:
            self._on_step(report)

    def _on_start_scores(self, scores: dict[str, float] | None) -> None:
        if scores is None:
            self.status.setText("Training (no validation pictures, so no PSNR curve)…")
            return
        self.plots.set_bicubic(scores["bicubic_psnr"])
        self.plots.add_psnr(0, scores["psnr"])
        self.status.setText(f"Training… the starting model scores {scores['psnr']:.2f} dB on validation, "
                            f"bicubic {scores['bicubic_psnr']:.2f} dB.")

    def _on_step(self, report: StepReport) -> None:
        self.progress.setValue(report.step)
        remaining = seconds_left(report.step, report.total_steps, report.elapsed_s)
        self.progress.setFormat(f"%p%  ·  about {format_duration(remaining)} left")
        self.stats.setText(f"step {report.step} of {report.total_steps}  ·  epoch {report.epoch + 1}  ·  "
                           f"loss {report.loss:.6f}  ·  learning rate {report.lr:.2e}  ·  "
                           f"{report.patches_per_s:.0f} patches/s")
        self.plots.add_loss(report.step, report.loss)

    def _on_epoch(self, report: EpochReport) -> None:
        if report.val_psnr is not None:
            self.plots.add_psnr(report.step, report.val_psnr)
            self.status.setText(f"Epoch {report.epoch}: validation {report.val_psnr:.2f} dB "
                                f"(best {report.best_psnr:.2f} dB).")

    @Slot(bool)
    def _on_paused(self, paused: bool) -> None:
        if paused:
            self.status.setText(f"Paused at step {self.progress.value()}. Resume to go on.")

    @Slot(object)
    def _on_finished(self, outcome: TrainingOutcome) -> None:
        self.status.setText(outcome_words(outcome))
        if outcome.path is not None:
            self._trained = outcome.path
            self.use_button.setVisible(True)
            self.model_trained.emit(outcome.path)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self.is_running():  # the folder check failed
            self.form.scan_label.setText(message)
        else:
            self.status.setText("Training failed.")
        self._warn(message)

    @Slot(object)
    def _on_stopped(self, _worker: Worker) -> None:
        self._set_busy(None)
        self.user_models.refresh()

    def _warn(self, message: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Train on folder", message, QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    # --- closing -----------------------------------------------------------------------------
    def wait_until_stopped(self) -> None:
        """Cancel and wait for the worker thread (used when the app closes); afterwards nothing runs."""
        self.runner.stop_and_wait()
