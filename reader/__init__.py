"""The public reader: publishes government reports for every resident."""

import os

__version__ = "0.1.0"

# pypinyin copies its character and phrase tables on import unless told not
# to, so that callers may change them; the reader never does. The copy costs
# about 25 MB in every server process.
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "true")
