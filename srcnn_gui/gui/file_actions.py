"""The window's file actions: open, paste, save, Save all, Batch a folder, Upscale to file, Output settings,
and importing a published model. Each asks its questions in dialogs and hands the rest to the window model
(:class:`~srcnn_gui.core.window.window_model.WindowModel`): names, collisions and jobs are decided there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.images.formats import IMAGE_SUFFIXES
from srcnn_gui.core.jobs.batch_inputs import collect_items
from srcnn_gui.core.jobs.large_picture import LargeOutcome
from srcnn_gui.core.models.importing import import_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.progress import counted
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.picture_queue import QueueEntry
from srcnn_gui.core.window.window_model import EVALUATE
from srcnn_gui.gui.file_work import FileWork
from srcnn_gui.gui.import_dialogs import choose_published_model
from srcnn_gui.gui.output_settings import OutputSettingsDialog
from srcnn_gui.gui.qt_images import from_qimage
from srcnn_gui.gui.window_host import WindowHost
from srcnn_gui.gui.window_settings import store_output

IMAGE_FILTER = "Images (" + " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES)) + ")"
_STATUS_MS = 5000


class FileActions(QObject):
    """What the File menu (and *Model › Import…*) does for ``window``."""

    def __init__(self, window: WindowHost, file_work: FileWork) -> None:
        super().__init__(window)  # type: ignore[call-overload]
        self.window, self.model, self.file_work = window, window.model, file_work

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, _STATUS_MS)

    # --- bringing pictures in ----------------------------------------------------------------
    def choose_files(self) -> None:
        """*Open…*: pictures chosen in a file dialog join the queue."""
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Open pictures", "", IMAGE_FILTER)
        self.window.add_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        """*Open folder…*: the pictures below a folder join the queue."""
        folder = QFileDialog.getExistingDirectory(self.window, "Open a folder of pictures")
        if folder:
            self.window.add_paths([Path(folder)])

    def paste(self) -> bool:
        """Queue the picture on the clipboard, if there is one."""
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.window.show_error("Nothing to paste", "The clipboard holds no picture.")
            return False
        self.window.show_new([self.model.add_pixels(from_qimage(image))])
        return True

    # --- saving ------------------------------------------------------------------------------
    def choose_save_path(self) -> None:
        """*Save result…*: the picture on screen, under a name the user confirms."""
        entry = self.model.current
        if entry is None or entry.outcome is None:
            return
        title = ("Save the evaluated picture (shrunk, then restored by SRCNN)" if self.model.mode == EVALUATE
                 else "Save upscaled picture")
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(self.model.save_path(entry)), IMAGE_FILTER)
        if path:
            self.save_result(entry, Path(path), overwrite=True)  # the file dialog asked before replacing

    def save_result(self, entry: QueueEntry, path: Path, *, overwrite: bool = False) -> bool:
        """Write one result (a large one in the background); the input is never replaced; failures are shown,
        not raised."""
        if isinstance(entry.outcome, LargeOutcome):
            return self._save_in_background([(entry, path)], overwrite=overwrite)
        try:
            self.model.save(entry, path, overwrite=overwrite)
        except SrcnnError as exc:
            self.window.show_error("Not saved", str(exc))
            return False
        self._status(f"Saved {path}")
        return True

    def choose_save_all_folder(self) -> None:
        """*Save all…*: into a folder the user picks, asking before replacing files."""
        done = [e for e in self.model.entries if e.outcome is not None]
        start = self.model.output.folder or next((str(e.path.parent) for e in done if e.path), "")
        folder = QFileDialog.getExistingDirectory(self.window, "Save all results into", start)
        if not folder:
            return
        existing = [target for _, target in self.model.save_all_targets(Path(folder))[0] if target.exists()]
        replace = bool(existing) and QMessageBox.question(
            self.window, "Replace files?",
            f"In {folder}, {counted(len(existing), 'result')} would replace a file of the same name. Replace?"
        ) == QMessageBox.StandardButton.Yes
        self.save_all(Path(folder), replace=replace)

    def save_all(self, folder: Path, *, replace: bool = False) -> list[Path]:
        """Write every finished result into ``folder``; existing files are kept unless ``replace``.

        Results that would share a file name (x.jpg and x.png) are all refused, named in a dialog, so
        that none replaces another.
        """
        targets, refused = self.model.save_all_targets(folder)
        targets = [(entry, target) for entry, target in targets if replace or not target.exists()]
        large = [(entry, target) for entry, target in targets if isinstance(entry.outcome, LargeOutcome)]
        if large:
            self._save_in_background(large, overwrite=replace)
        written = [target for entry, target in targets
                   if (entry, target) not in large and self.save_result(entry, target, overwrite=replace)]
        if refused:
            self.window.show_error("Some results not saved", "These results would share a file name; save them one "
                                   "at a time under names of your choice:\n" + "\n".join(refused))
        self._status(f"Saved {counted(len(written), 'picture')} to {folder}")
        return written

    def _save_in_background(self, targets: list[tuple[QueueEntry, Path]], *, overwrite: bool) -> bool:
        """Large results stream from their caches for a while: written by a background job, with progress."""
        try:
            task = self.model.save_task(targets, overwrite=overwrite)
        except SrcnnError as exc:  # refused up front: a format too small for the size, the original itself
            self.window.show_error("Not saved", str(exc))
            return False
        names = ", ".join(path.name for _, path in targets)
        return self.file_work.start(task, f"Saving {names}…", "Save")

    # --- file to file ------------------------------------------------------------------------
    def choose_batch_folders(self) -> None:
        """*Batch a folder…*: ask for the folder of pictures and the one for results."""
        source = QFileDialog.getExistingDirectory(self.window, "Folder of pictures to upscale (searched recursively)")
        if not source:
            return
        target = QFileDialog.getExistingDirectory(self.window, "Folder for the results", self.model.output.folder or source)
        if target:
            self.start_batch(Path(source), Path(target))

    def start_batch(self, source: Path, target: Path) -> bool:
        """Upscale every picture below ``source`` into ``target`` in the background, each keeping its place
        below ``source``; pictures that would share an output are refused before anything runs."""
        items, problems = collect_items([source], target)  # results inside the source are not inputs next time
        if not items:
            self.window.show_error("Batch", "\n".join(problems))
            return False
        if not self.model.can_run():
            self.window.show_error("Batch", "No model for this scale.")
            return False
        return self.file_work.start(self.model.batch_task(items, target, problems),
                                    f"Batch: pictures from {source} into {target}…")  # counted once planned

    def choose_file_target(self) -> None:
        """*Upscale to file…*: the picture on screen straight to a file the user names."""
        entry = self.model.current
        if entry is None or entry.path is None:
            self.window.show_error("Upscale to file", "Choose a picture opened from a file first.")
            return
        path, _ = QFileDialog.getSaveFileName(self.window, "Upscale to file", str(self.model.save_path(entry)),
                                              IMAGE_FILTER)
        if path:
            self.upscale_to_file(entry.path, Path(path), overwrite=True)  # the file dialog asked before replacing

    def upscale_to_file(self, source: Path, target: Path, *, overwrite: bool = False) -> bool:
        """Upscale one file straight to ``target`` in the background, in bands: for pictures of any size."""
        if not self.model.can_run():
            self.window.show_error("Upscale to file", "No model for this scale.")
            return False
        return self.file_work.start(self.model.to_file_task(source, target, overwrite=overwrite),
                                    f"Upscaling {source.name} to {target}…")

    # --- settings and models -----------------------------------------------------------------
    def choose_output_settings(self) -> OutputSettingsDialog:
        """*Output settings…*: the form, applied when accepted."""
        dialog = OutputSettingsDialog(self.model.output, self.window)
        dialog.accepted.connect(lambda: self.set_output(dialog.value()))
        dialog.open()
        return dialog

    def set_output(self, output: OutputSettings) -> None:
        """Where results go and how they are written, from now on and at the next start."""
        self.model.set_output(output)
        store_output(self.window.settings, output)
        self._status(f"Results: {output.describe()}")

    def choose_model_to_import(self) -> None:
        """*Model › Import…*: ask for a published model file and its scale, then import it."""
        request = self.model.request
        choice = choose_published_model(self.window, request.factor if request is not None else None)
        if choice is not None:
            self.import_published_model(*choice)

    def import_published_model(self, path: Path, scale: int) -> ModelInfo | None:
        """Import a published model into the user's model folder and select it; a bad file gets a dialog."""
        try:
            info = import_model(path, scale)
        except SrcnnError as exc:
            self.window.show_error("Import model", str(exc))
            return None
        self.model.use_model(info)
        self._status(f"Imported {info.describe()}")
        return info
