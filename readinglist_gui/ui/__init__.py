"""The Qt front end: the only package that imports QtWidgets; it talks to the core ``Library``."""
