"""Content problems: what went wrong, where, and how to fix it.

A problem names ``file:line:col``, the key path inside the file and a message
that a person in a hurry can act on. Problems are collected, never raised one
at a time, so a maintainer sees every mistake of a pull request in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render a key path as people write it: ``checklists[1].items[0].text``."""
    out = ""
    for part in path:
        if isinstance(part, str) and part.startswith("#"):
            continue  # position-only marker, e.g. the second of two duplicate keys
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    choices = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if str(word).lower() in lowered:
            close = [lowered[str(word).lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_or_list(word: str, choices: Iterable[str], most: int = 12) -> str:
    """For an unknown id: the closest choice, else the valid ones (up to ``most``), else ``""``."""
    choices = sorted({c for c in choices if isinstance(c, str)})
    hint = did_you_mean(word, choices)
    if hint or not choices:
        return hint
    shown = ", ".join(f"'{c}'" for c in choices[:most])
    more = f" and {len(choices) - most} more" if len(choices) > most else ""
    return f" (known: {shown}{more})"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, with its position."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Positions:
    """Where each value (and each mapping key) of one YAML file came from.

    Keys of both maps are key paths (tuples of str and int); values are
    1-based ``(line, col)``. A path without a position of its own falls back
    to its nearest ancestor, so every problem still gets a useful location.
    """

    file: str
    values: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def of(self, path: Sequence[PathPart], *, key: bool = False) -> tuple:
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class ProblemList:
    """Collects problems from every stage of loading and checking."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, where: Positions, path: Sequence[PathPart], message: str, *, key: bool = False) -> None:
        line, col = where.of(path, key=key)
        self.items.append(Problem(where.file, line, col, format_path(path), message))

    def add_at(self, file: str, line: int, col: int, path: str, message: str) -> None:
        self.items.append(Problem(file, line, col, path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        lines = [str(p) for p in self.sorted()]
        noun = "problem" if len(lines) == 1 else "problems"
        return "\n".join(lines + [f"{len(lines)} {noun} in the handbook's content; nothing was built."])


class ContentError(Exception):
    """Raised once, after every problem has been collected."""

    def __init__(self, problems: ProblemList):
        self.problems = problems
        super().__init__(problems.report())
