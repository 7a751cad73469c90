"""Problems found in the data, reported together in one run.

A data problem is never raised on first sight: every loader and checker
appends to a shared list so the quality team fixes everything in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from .terminal import terminal_text


FILE_LEVEL = 0  # line of a problem with a file or folder as a whole (unreadable, stray, too big)


@dataclass(frozen=True, order=True)
class DataError:
    """One thing wrong with the data, pointing at the file and line.

    A problem with a whole file or folder has no meaningful line: build it with
    ``file_error`` (line 0), so it prints as ``path: message`` and sorts before
    the line-level problems of the same path.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    # a knock-on of another error (references to a file that could not be read were not checked):
    # it stops the build with the error it follows from, but is not counted as one more to fix
    note: bool = False

    @property
    def file_level(self) -> bool:
        return self.line == FILE_LEVEL

    def __str__(self) -> str:
        where = self.path if self.file_level else f"{self.path}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        # shown on terminals and in build logs: data in a message must not act on them
        return terminal_text(f"{where}:{field} {self.message}{hint}")


def file_error(path: str, message: str, hint: str = "") -> DataError:
    """A problem with a file or folder as a whole, shown as ``path: message (hint)``."""
    return DataError(path, FILE_LEVEL, FILE_LEVEL, "", message, hint)


class DataErrors(Exception):
    """Raised once, after loading and checking, when any DataError was found."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.summary())

    def summary(self) -> str:
        count = sum(not error.note for error in self.errors)
        notes = len(self.errors) - count
        lines = [str(error) for error in self.errors]
        noun = "error" if count == 1 else "errors"
        also = f" and {notes} note{'' if notes == 1 else 's'} on what {'it' if count == 1 else 'they'} kept from " \
            "being checked" if notes else ""
        lines.append(f"{count} data {noun}{also}: fix {'it' if count == 1 else 'them'} and build again.")
        return "\n".join(lines)
