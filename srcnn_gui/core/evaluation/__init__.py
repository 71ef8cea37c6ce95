"""Measuring quality: metrics, the literature protocol, a picture as ground truth, published figures, the model card, the difference map."""
