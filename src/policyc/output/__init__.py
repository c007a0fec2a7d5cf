"""The output stage: the file-system boundary (`fs`) every write, read-back and removal
goes through."""
