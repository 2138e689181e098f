//! A version of a criteria set as an Excel workbook, out and back in.
