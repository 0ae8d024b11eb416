"""Engine ops, grouped by kind. Importing this package registers every op."""
