"""Rendering a report: HTML, the official layout, and the Word and PDF files."""
