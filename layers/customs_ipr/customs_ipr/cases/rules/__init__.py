"""Legal rules of the case tasks, one small module per article (called from ``tasks.py``)."""
