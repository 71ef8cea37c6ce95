"""The window's work without Qt: the picture queue, and the long jobs (one picture, a batch, training) it runs."""
