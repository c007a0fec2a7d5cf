"""The typed Python emitter: naming, source layout, the runtime modules and the package."""
