"""Turn the editorial layer (sidecars, registers, the automatic layer) into spans on the text."""
