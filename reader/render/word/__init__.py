"""Report → Word (.docx), laid out as an official document."""
