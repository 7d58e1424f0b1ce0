"""perfcheck's version (a leaf module: reporters import it without the package facade)."""

__version__ = "0.1.0"
