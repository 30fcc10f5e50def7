"""Questions in, grounded answers with clause citations out."""
