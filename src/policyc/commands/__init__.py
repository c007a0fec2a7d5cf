"""CLI commands beyond validate/build, one module each, registered in `policyc.cli`."""
