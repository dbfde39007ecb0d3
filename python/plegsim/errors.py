"""Exceptions raised by plegsim."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario that cannot be loaded: bad YAML, an unknown key, a value out of range.

    ``str(e)`` reads like the command line's message,
    ``scenarios/x.yaml:12:5: node.pods: must be an integer in [1, 100000] (got "abc")``.

    Attributes:
        file: the source name (a path, ``"<built-in default>"``, ``"<string>"``, or
            ``"--set"`` for an override).
        line: 1-based line, 0 when unknown (overrides have none).
        column: 1-based column, 0 when unknown.
        key: the dotted key such as ``faults[2].kind``; empty for YAML syntax errors.
        message: what was wrong and what would be valid, without the location.
    """

    def __init__(self, text: str, file: str = "", line: int = 0, column: int = 0,
                 key: str = "", message: str = "") -> None:
        super().__init__(text)
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message or text

    def __reduce__(self):  # picklable, e.g. across process pools
        return (type(self), (str(self), self.file, self.line, self.column, self.key,
                             self.message))


class BuildError(ValueError):
    """A scenario that loads but cannot be simulated (yet), e.g. an unknown kubelet
    release or ``kubelet.featureGates.EventedPLEG: true`` before the Evented PLEG exists.
    """


class RunFileError(ValueError):
    """A run file that cannot be read: missing, not HDF5, corrupt (a metadata checksum
    fails, a table has the wrong type or more rows than the file holds), foreign, or of
    another ``format_version``. ``str(e)`` names the path and what is wrong."""


class ScrapeError(ValueError):
    """A kubelet /metrics scrape that cannot be read or fitted: a malformed line, a
    duplicate series, no per-operation latency family, a file that cannot be opened, or
    pod counts that do not match the scrapes.

    ``str(e)`` reads like ``plegsim fit``'s message, ``node.prom:12:40: truncated label
    value``.

    Attributes:
        file: the scrape's path or source name; empty when no one scrape is at fault.
        line: 1-based line, 0 when the error is not about one line.
        column: 1-based column, 0 when unknown.
        message: what was wrong, without the location.
    """

    def __init__(self, text: str, file: str = "", line: int = 0, column: int = 0,
                 message: str = "") -> None:
        super().__init__(text)
        self.file = file
        self.line = line
        self.column = column
        self.message = message or text

    def __reduce__(self):  # picklable, e.g. across process pools
        return (type(self), (str(self), self.file, self.line, self.column, self.message))
