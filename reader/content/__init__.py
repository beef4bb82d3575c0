"""One report: its file, metadata, document tree, standard tables and their rules."""
