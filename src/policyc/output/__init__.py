"""Output stage: the artifacts onto the disk. `write` (path safety, atomic swap),
`manifest` (what a build wrote), `check` (`--check` drift), `lock` (one writer at a time),
`freshness` (the no-op rebuild). Every file goes through `policyc.fs`."""
