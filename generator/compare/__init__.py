"""`graphdoc compare`: the docs' model against the service's own schema (CSDL `$metadata`)."""
