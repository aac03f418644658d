"""Figures: the house style (`style`) and one module of plotting helpers per chapter."""
