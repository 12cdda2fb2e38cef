"""The helpers every generated package ships as `paths/_base.py`."""
