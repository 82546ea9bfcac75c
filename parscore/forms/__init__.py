"""Excel self-assessment forms: a workbook made from a pack (and evidence), and read back.

- :func:`~parscore.forms.workbook.build_form` writes the form (``parscore template``).
- :func:`~parscore.forms.reader.read_form` reads a filled form into checked evidence
  (``parscore import``); bad cells are reported as ``Sheet!C12``.
- :mod:`~parscore.forms.layout` is what both agree on: sheet names, headers, value forms.
"""
