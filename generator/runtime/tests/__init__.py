"""The example-test harness every generated package ships as `tests/_support.py`."""
