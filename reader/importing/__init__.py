"""Importing reports that arrive as Word files, saved portal pages or
plain-text copies of portal pages.

Each source format has a reader (``docx_reader``, ``html_reader``,
``text_reader``) that turns a file into a ``source.Source``: metadata found in
the file and a list of raw body items (paragraphs and tables). ``structure``
turns the items into headings, paragraphs and tables of the document model,
``recognise`` finds the standard tables by their labels, and ``writer`` writes
one content file. ``run`` is the `reader import` command.
"""
