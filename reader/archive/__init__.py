"""The archive: every report of a content folder, loaded, cached, watched,
listed, searched and published as open data."""
