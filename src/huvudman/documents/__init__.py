"""Documents made with Typst: tagged, accessible PDF (PDF/UA-1) from a template and its data."""
