"""Turn TEI documents into findings: the RELAX NG grammar, then the rules a grammar cannot say."""

from edition.validate.rules import check_rules
from edition.validate.run import prepare_validation, validate_paths, validate_tree
from edition.validate.schema import check_schema, default_schema_path

__all__ = ["check_rules", "check_schema", "default_schema_path", "prepare_validation",
           "validate_paths", "validate_tree"]
