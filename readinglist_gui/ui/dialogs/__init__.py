"""Small dialogs the main window opens: import report, paper editor, about."""
