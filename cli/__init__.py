"""atommix: resonant atom Majorana mixing."""
__version__ = "0.1.0"
