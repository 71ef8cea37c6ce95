"""Long work without Qt that the window and the CLI run: the batch engine (plan, run, resume record), one picture, training."""
