"""Aggregation and reports of the anonymous family surveys, with disclosure control.

The layer's narrow boundary (STYLE.md, practice 9):

``load``        one loader: a wave's stored answers as a tidy table (database or CSV)
``disclosure``  :func:`~analysis.disclosure.protect`, the one gate every figure passes
``aggregate``   pure DataFrame -> protected table functions, on codes
``report``      the report model (labels at render time, German or English)
``render``      accessible HTML, CSV, XLSX; ``pdf``: the PDF; ``charts``: matplotlib
                Figure API only, colour-blind-safe
``demo``        ``python -m analysis demo-data``: a synthetic wave (``synthetic``)

Never imports the web app (``survey``) or Flask; reads the database with SQLAlchemy
Core (``schema``). Its command line: ``python -m analysis --help``.
"""
