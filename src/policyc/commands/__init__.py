"""The CLI commands, one module each named after its command (`test.py`: `policyc test`),
registered in `policyc.cli`; `common.py` holds what they share."""
