"""The desktop window: thin Qt views over :mod:`srcnn_gui.core`, with work in worker threads."""

import os

# pyqtgraph picks a Qt binding on first import; make sure it is ours (see NOTES, pyqtgraph).
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
