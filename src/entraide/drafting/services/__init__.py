"""Every write of the request writer. Views, API and commands call these."""
