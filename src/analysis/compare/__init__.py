"""Compare two editions of the book (`python -m analysis jamfor OLD NEW`).

`books` finds what a built book holds (its manifest, its register of numbers, its dataset);
`numbers` lists the registered numbers that changed, were added or disappeared; `causes` splits
each centre's change in compensation by component and by cause (prices, weights, listings, CNI,
rules); `report` writes it as Markdown tables and waterfall charts.
"""

from analysis.compare.books import Book, BookError, open_book
from analysis.compare.causes import CAUSES, Decomposition, decompose
from analysis.compare.numbers import NumberChanges, compare_numbers

__all__ = ["Book", "BookError", "open_book", "CAUSES", "Decomposition", "decompose", "NumberChanges", "compare_numbers"]
