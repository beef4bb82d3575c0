"""The public reader: publishes government reports for every resident."""

__version__ = "0.1.0"
