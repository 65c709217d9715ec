"""A TEI edition of 1920s political writings: convert, validate, publish."""

__version__ = "0.1.0"
