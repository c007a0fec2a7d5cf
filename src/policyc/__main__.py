"""`python -m policyc` runs the command line."""

from policyc.cli import run

run()
