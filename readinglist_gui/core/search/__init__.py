"""The search engine: sets of paper ids answer every filter and count (see ``plan``).

``words`` defines what a search matches, ``store`` keeps the sets, ``upkeep``
keeps them in step with the papers, ``plan`` says which set answers what,
``reader`` carries it out, and ``rows`` reads the table's rows.
"""
