"""Study alignments: scores against a gold standard (``evaluate``) and notebook plots (``plot``)."""
