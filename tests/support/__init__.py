"""Helpers shared by the test folders, imported as ``support.<module>``.

tests/conftest.py puts tests/ on ``sys.path`` (pytest's default "prepend" import mode), so
``from support.csv import ...`` works from every folder, from the checkout and from the copy of
tests/ that cibuildwheel and tools/wheel-check.sh run. Child processes get tests/ on their
``PYTHONPATH`` from ``support.reliability.child_env``.
"""
