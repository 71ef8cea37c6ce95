"""Qt-free core: model, imaging, metrics, inference engine and training."""
