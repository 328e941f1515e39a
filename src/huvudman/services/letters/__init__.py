"""Decision letters: made from a run record, with the walk drawn."""
