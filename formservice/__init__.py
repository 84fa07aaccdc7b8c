"""formservice: grant application, reporting and letter service for Statsforvalteren."""

__version__ = "0.1.0"
