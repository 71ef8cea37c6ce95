"""Measuring quality: metrics, the literature protocol, published figures, the model card, the difference map."""
