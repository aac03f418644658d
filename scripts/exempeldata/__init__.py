"""Helpers for `scripts/make_example_data.py` (the example dataset `data/exempel-2020/`)."""
