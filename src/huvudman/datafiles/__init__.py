"""Reading and writing the CSV files of the data contract (DESIGN.md), with exact error messages."""

from huvudman.datafiles.errors import InputError

__all__ = ["InputError"]
