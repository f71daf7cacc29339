"""Benchmarks behind ``make bench``: each figure printed beside an anchor measured in the same run.

Run ``python benchmarks/run.py`` (``--quick`` for small sizes, ``--only NAME`` for one).
"""
