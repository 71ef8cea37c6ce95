"""Training: the trainer, its patches, its presets, and the paper's architecture experiment."""
