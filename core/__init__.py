"""The e-government core: the kernel every module relies on."""


__version__ = "0.1.0"
