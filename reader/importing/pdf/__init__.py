"""PDF files: the text layer read with word positions and ruling lines
(``reader``, ``layout``, ``tables``), scanned pages read by OCR first (``ocr``)."""
