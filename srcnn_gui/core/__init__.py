"""Qt-free core, in rooms: images, models, inference, evaluation, training, bench, jobs (see docs/architecture.md)."""
