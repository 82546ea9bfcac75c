"""Fuzz tests: real inputs, mutated, through the public API and the command line.

One module per input kind (``test_fuzz_<kind>.py``) draws mutations of the real files with a
strategy and hands each to the shared checks in :mod:`tests.fuzz.harness`. A new input kind (an
Excel form, say) needs one strategy and one module calling :func:`harness.check_cli` and
:func:`harness.check_api`. ``make test`` runs a few seeded examples of each; ``make fuzz`` many
(``PARSCORE_FUZZ_EXAMPLES``).
"""
