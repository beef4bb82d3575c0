"""The audit a 政务公开办 runs over the reports: the rules of the report format
inside one report (its tables' arithmetic, the format for its year, the
figures its text states), across a body's years, and over the archive (who
has not published the latest year). `reader check` and `reader import` run it.
"""
