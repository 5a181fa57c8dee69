"""incident_engine: the handbook's content model, checks and decision engine.

Standard library only, so the same files run in the build (CPython) and in
the browser (Pyodide). Nothing here imports mkdocs or yaml.
"""

__version__ = "0.1.0"
