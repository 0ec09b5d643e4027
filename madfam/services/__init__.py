"""Use cases: they own the transaction and defer the jobs that follow a commit."""
