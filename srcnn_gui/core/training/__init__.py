"""Training: the trainer, its patches, and the paper's architecture experiment."""
