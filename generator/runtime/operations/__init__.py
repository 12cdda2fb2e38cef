"""The helpers every generated package ships as `operations/_base.py`."""
