"""A lint finding before it is located: code, severity, key path, Vietnamese message and hint.

Codes (never reused):

- PL101 error: a tier step can never apply (its bound lies outside the input's declared range,
  or an earlier step always holds).
- PL102 error: a leaf can never reach its maximum (tier points all below it, the best step
  unreachable, ``count`` with an input maximum too small, no ``best_of`` alternative reaching it).
- PL103 error: a linear rule's ``to`` lies outside the input's declared range.
- PL104 warning: a linear rule's ``from`` lies outside the input's range (never 0 points).
- PL105 error: ``count`` with ``each: 0`` (never any points).
- PL106 warning: ``deduct`` with ``each: 0`` (never loses points).
- PL107 warning: ``deadline`` with ``late`` equal to ``max`` (lateness costs nothing).
- PL108 info: a tier step pays the same points as the step above it.
- PL109 error: a ``graded`` step that does not divide the leaf's maximum.
- PL110 warning: an input declared but read by no leaf.
- PL111 warning: a derived value computed but read by no leaf.
- PL115 info: a ``pick`` whose points are neither rising nor falling in the option order.
- PL120 warning: a leaf without ``source``.
- PL121 info: a leaf whose source is still ``assumed``.
- PL122 error: a ``derived``/``official`` value under a parent whose value is ``assumed``.
- PL123 error: an ``official`` value whose document is not in the pack's ``legal_basis``.
- PL124 warning: a pack-wide value used (goal, bands, rounding, effort…) without a pack source.
- PL130 warning: the numbers of a ``target`` text (percentages) disagree with the rule's thresholds.
- PL131 warning: the date of a ``target`` text disagrees with the deadline rule's ``due``.
- PL140 warning: two criteria have the same title.
- PL150 warning: a deadline (``deadline`` or a rule's ``due``) outside the pack's year.
- PL160 warning: a band or the goal that no score on the pack's scale can reach.
- PL170 error: a constraint no evidence can satisfy (decided when its inputs have finite domains,
  or it reads no input).
- PL171 info: a constraint that always holds (checks nothing).
- PL172 warning: a constraint names an input its check does not read.
- PL173 warning: a bonus or penalty cap above the pack's scale.
- PL174 warning: a bonus or penalty item worth more than its group's cap.
- PL175 info: a penalty item that requires documents (a penalty counts whatever the documents).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..yamlio import KeyPath

__all__ = ["Finding"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error | warning | info
    path: KeyPath
    message: str
    hint: str = ""
