"""Report → PDF, tagged for PDF/UA-1."""
