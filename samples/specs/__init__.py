"""The sample specs: one module per bundled workbook (OUTPUT, spec(), optionally postprocess(path))."""
