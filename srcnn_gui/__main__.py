"""``python -m srcnn_gui`` is the same as the ``srcnn-gui`` program."""

import multiprocessing

from srcnn_gui.entry import main

if __name__ == "__main__":
    # A frozen build re-runs its executable for child processes; this must come first.
    multiprocessing.freeze_support()
    raise SystemExit(main())
