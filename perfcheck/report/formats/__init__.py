"""The ``perfcheck validate --format`` reporters, one module each (see :mod:`perfcheck.report.registry`).

Each module only declares its ``REPORTER`` and imports nothing heavy at module level: ``perfcheck
--help`` lists them all.  A module added here is a new ``--format`` choice.
"""
