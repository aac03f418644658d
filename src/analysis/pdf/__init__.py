"""The PDF book: the print document (`layout`) and Chromium's print of it (`printing`)."""
