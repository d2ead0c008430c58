"""The script studio's documents, without Qt: what a script author edits, and how.

The files stay the source of truth. A tenant opened in the studio is a
:class:`~.workspace.TenantWorkspace` of documents, one per file: YAML
(:mod:`.yamldoc`, round-trip through ruamel.yaml, so comments, key order, quoting and
layout survive), CSV tables (:mod:`.csvdoc`, rows that were not edited keep their exact
text) and greeting templates (:mod:`.textdoc`). A file that was not edited is written
back as the bytes it was read as; an edit changes the lines it touches.

Every change is an :class:`~.operations.Operation` that can be applied and reverted, so
the window's undo stack undoes anything. :mod:`.checks` runs the desk's own loader and
validator over the unsaved documents; :mod:`.tables_io` imports and exports
spreadsheets; :mod:`.gaps` reads the operators' "no ready answer" reports;
:mod:`.publish` writes the manifest as ``operator-desk library publish`` does.

Layering: this package sits beside ``storage`` and ``services`` (it imports ``core``,
``storage`` and ``services``, never Qt); the windows are in ``operator_desk.ui.studio``.
"""
