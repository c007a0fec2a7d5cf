"""policyc: compile support policies written as YAML into typed Python, help pages and routing."""

# The one place the version is stated: the build backend reads it from here
# (`[tool.hatch.version]`), and no command imports importlib.metadata to learn it.
__version__ = "0.1.0"
