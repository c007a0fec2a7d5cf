"""Live editing: rebuild when a policy file is saved (`watch`), and serve the built site
with a page that reloads itself after each rebuild (`server`, for `policyc preview`)."""
