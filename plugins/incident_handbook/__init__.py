"""incident_handbook: the MkDocs adapter around ``incident_engine``.

Loads the YAML content (with positions), generates the handbook's pages,
expands ``handbook`` blocks in hand-written pages and ships the browser assets.
"""
