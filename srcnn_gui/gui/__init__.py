"""The desktop window: thin Qt views over :mod:`srcnn_gui.core`, with work in worker threads."""

import os

# pyqtgraph picks a Qt binding on first import, PyQt6 before PySide6 when both are installed: make it ours.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
