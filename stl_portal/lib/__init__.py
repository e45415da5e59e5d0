"""Plain helpers with no models: environment parsing, Spanish dates, PDF rendering."""
