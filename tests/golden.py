"""The report's published figures (report-facts.md §1) as they must read in the built book."""

# Each text appears in the chapter Ersättningsmodell 2020 as computed (glued) by the book.
GOLDEN_TEXTS = (
    "2 453 kr", "816 kr", "5 429 kr", "0,33", "2,21",
    "820 kr", "0,79", "1,32", "646 kr", "1 078 kr",
    "1 272 kr", "290 kr", "4 098 kr", "0,23", "3,22",
    "25 %",
)
