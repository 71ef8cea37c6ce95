"""The SRCNN network, its model files and the registry of models on offer."""
