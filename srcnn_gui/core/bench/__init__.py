"""Measuring the engine: speed against plain PyTorch, peak memory of a very large picture."""
