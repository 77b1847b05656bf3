"""Turn sources (plain text) into TEI."""
