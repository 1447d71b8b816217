"""Spreadsheets in and out: import contracts from .xlsx/.csv, export lists to .xlsx/.csv/.ics.

Import runs in steps, each a small module, so that the window's wizard and the command line
share every one of them:

    read (read_xlsx / read_csv -> Sheet)  ->  mapping (headers -> fields, remembered in TOML)
    ->  plan (cells parsed, rows checked against the file and the database: a dry run, reads only)
    ->  apply (all planned rows, or only the valid ones, in one transaction through the use cases)

Export: `export_table` (.xlsx with widths and formats, .csv UTF-8 with BOM, formula-looking
cells neutralised) and `calendar` (.ics, one all-day event per deadline).
Nothing here imports Qt; time comes in as a parameter.
"""
