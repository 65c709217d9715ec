"""TEI output: the header, the serializer from the document model, and shared XML helpers."""
