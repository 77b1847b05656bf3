"""The one TEI model every stage shares: namespaces, builders, reading, safe XML input and output."""
