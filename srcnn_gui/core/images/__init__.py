"""Pictures: reading files, the internal pixel form, colour, size limits, MATLAB bicubic, JPEG, writing files, output names."""
