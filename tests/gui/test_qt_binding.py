"""The installed Qt binding keeps Python's reference counts straight on the signals our workers emit.

PySide6 6.12.0 lost a reference to ``True`` on every Python-side emit of a bool, so a long run's
progress signals ended the process ("bool_dealloc: deallocating True or False"): pyproject.toml
excludes it. Run in a child process, as the failure is an abort.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        flag = Signal(bool)
        count = Signal(int)

    app = QCoreApplication([])
    emitter = Emitter()
    emitter.flag.connect(lambda value: None)
    emitter.count.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(5000):
        emitter.flag.emit(i % 2 == 0)
        emitter.count.emit(i)
    print(sys.getrefcount(True) - before[0], sys.getrefcount(False) - before[1])
    """
)


def test_emitting_bools_leaves_their_reference_counts_unchanged() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["0", "0"]
