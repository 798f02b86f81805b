"""Background work: jobs queued after commit, run in-process (or by workers when scaled out)."""
