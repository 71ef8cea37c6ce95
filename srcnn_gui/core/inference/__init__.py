"""Running a model on a picture: the upscaler, its CPU kernels, tiles, the device, file to file."""
