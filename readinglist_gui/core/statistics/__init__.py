"""Reading statistics: the status history the writer keeps, and the weekly series drawn from it.

Everything here is SQL aggregation returning plain dataclasses: the view asks
for a few dozen numbers per chart, whatever the size of the library.
"""
