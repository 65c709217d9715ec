"""Publishing: the web edition (html.py, XSLT 3.0 → static site) and the print edition (pdf.py)."""
