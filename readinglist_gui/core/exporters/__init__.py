"""Writers that turn the library (or part of it) into files people can take elsewhere."""
