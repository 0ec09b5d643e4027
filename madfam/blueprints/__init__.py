"""HTTP layer: one package per area of the site."""
