"""Analysis package for the Hälsoval report book (Region Jämtland Härjedalen, 2020–2021)."""

__version__ = "0.1.0"
