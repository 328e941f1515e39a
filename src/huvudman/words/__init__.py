"""Words: the catalogs every sentence a person reads comes from, and locale formatting."""
