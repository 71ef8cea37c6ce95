"""The SRCNN network, its model files, the registry of models on offer, and the scales."""
