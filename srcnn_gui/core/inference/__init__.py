"""Running a model on a picture: the upscaler, its CPU kernels, tiles, the device, the model per file, file to file."""
