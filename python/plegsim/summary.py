"""The summary's fields, from the table the C++ outputs are generated from
(``sim/record/summary_schema.h``; docs/output.md §1).

``summary_fields()`` lists every field of a run's summary (``Result.summary``, the
``summary`` group of a run file, ``plegsim run --json``) with its type, unit, window
(``run``, ``measured`` — after warm-up — or ``end``) and meaning. A member of a JSON
object is named ``object.member`` (``relist_duration_seconds.p99``): the name
``expect:`` entries and ``plegsim sweep --fields`` take. ``summary_value`` reads one.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping

from . import _core


def summary_fields() -> List[Dict[str, Any]]:
    """Every summary field in JSON order: dicts of ``name``, ``type``, ``unit``,
    ``window``, ``doc`` and ``numeric`` (what ``expect:`` and sweeps accept)."""
    return _core.summary_fields()


def summary_field_aliases() -> Dict[str, str]:
    """Old field names still accepted by ``expect:`` and ``sweep --fields``, with their
    current names."""
    return _core.summary_field_aliases()


def summary_value(summary: Mapping[str, Any], name: str) -> Any:
    """The value of field ``name`` (``object.member`` for a member of an object) in a
    summary dict; ``None`` for a null; KeyError when the summary has no such field."""
    name = summary_field_aliases().get(name, name)
    obj, dot, key = name.partition(".")
    return summary[obj][key] if dot else summary[name]
