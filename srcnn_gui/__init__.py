"""SRCNN Studio: an image upscaler built on SRCNN (Dong et al., 2014/2016)."""

__version__ = "0.1.0"
