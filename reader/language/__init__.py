"""Language: script conversion (OpenCC with word boundaries, editorial rules, the
glossary), pinyin, and the interface's words per region."""
