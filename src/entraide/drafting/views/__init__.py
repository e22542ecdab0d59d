"""Pages of the request writer."""
