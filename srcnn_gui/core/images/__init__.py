"""Pictures: reading files, pixel forms and colour, MATLAB bicubic, writing files (PNG band by band), output names."""
