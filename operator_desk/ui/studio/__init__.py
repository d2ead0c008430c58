"""The script studio's windows: tenant list, editors, live preview, problems, gap reports.

The widgets only show and ask; :class:`~.session.StudioSession` applies their edits (as
:mod:`operator_desk.studio.operations` on an undo stack) and runs the desk's validator.
"""
