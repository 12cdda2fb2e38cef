"""The Jinja templates of generated code, shipped as the data subpackage `graphdoc.templates`."""
