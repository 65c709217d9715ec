"""Where the package's own files are: schema, XSLT, web assets, templates, data lists.

Everything a command reads at run time that is not the project's (raw/, tei/, the register,
the corrections, the metadata) ships inside the package and is found with importlib.resources,
so an installed wheel works from any folder. The files must be real files on disk (Saxon
resolves ``xsl:import`` relative to the stylesheet), which they are in every pip install.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(*parts: str) -> Path:
    """The real path of a file or folder inside the installed ``edition`` package."""
    # An installed package (wheel or editable) is a folder on disk: its Traversable is a Path.
    return Path(str(files("edition").joinpath(*parts)))


SCHEMA_DIR = package_path("schema")
XSLT_DIR = package_path("xslt")
