"""The window's actions and its menu bar: File, View (the canvas's actions), Model and Help."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence

from srcnn_gui.gui.file_actions import FileActions
from srcnn_gui.gui.help_dialogs import HelpMenu
from srcnn_gui.gui.recent_files import RecentFilesMenu
from srcnn_gui.gui.window_host import WindowHost


class WindowActions:
    """Every action of ``window``'s menus and toolbar, each connected to what does it."""

    def __init__(self, window: WindowHost, files: FileActions) -> None:
        self._window = window
        self.open_action = self._action("Open…", files.choose_files, QKeySequence.StandardKey.Open)
        self.open_folder_action = self._action("Open folder…", files.choose_folder)
        self.paste_action = self._action("Paste image", files.paste, QKeySequence.StandardKey.Paste)
        self.save_action = self._action("Save result…", files.choose_save_path, QKeySequence.StandardKey.Save)
        self.save_all_action = self._action("Save all…", files.choose_save_all_folder, "Ctrl+Shift+S")
        self.batch_action = self._action("Batch a folder…", files.choose_batch_folders)
        self.to_file_action = self._action("Upscale to file…", files.choose_file_target)
        self.output_action = self._action("Output settings…", files.choose_output_settings)
        self.quit_action = self._action("Quit", window.close, QKeySequence.StandardKey.Quit)
        self.train_action = self._action("Train on folder…", window.open_train_dialog)
        self.import_action = self._action("Import…", files.choose_model_to_import)
        self.save_action.setEnabled(False)
        self.recent_menu = RecentFilesMenu(window.settings, window)
        self.recent_menu.chosen.connect(lambda path: window.add_paths([path]))
        self.help_menu = HelpMenu(window, lambda: window.model.model)

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self._window)  # type: ignore[call-overload]
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def build_menus(self, view_actions: list[QAction | None]) -> None:
        """Fill the menu bar; ``view_actions`` is the View menu, None where a separator goes."""
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.open_action, self.open_folder_action, self.paste_action])
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_all_action, self.to_file_action, self.batch_action,
                              self.output_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu("&View")
        for action in view_actions:
            if action is None:
                view_menu.addSeparator()
            else:
                view_menu.addAction(action)
        bar.addMenu("&Model").addActions([self.train_action, self.import_action])
        bar.addMenu(self.help_menu)
