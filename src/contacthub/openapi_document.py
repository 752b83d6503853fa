"""What /openapi.json says that Litestar 2 leaves out, for every API in the document.

    ClosedStructs   a request body that refuses unknown fields (msgspec ``forbid_unknown_fields``,
                    the native ``Strict`` bodies) says ``additionalProperties: false``: a client
                    or a fuzzer that adds a field gets the 400 the document now announces

Litestar writes a Struct's schema from its fields only; without the flag a schema-valid body
with one more field was a 400 the document did not announce (schemathesis' "schema-valid request
rejected"). The schema is Litestar's own, from the plugin it would have used, plus the flag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from litestar.openapi.spec import Schema
from litestar.plugins import OpenAPISchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition


def _closed(annotation: Any) -> bool:
    if not (isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)):
        return False
    info = msgspec.inspect.type_info(annotation)
    return isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields


class ClosedStructs(OpenAPISchemaPlugin):
    """``additionalProperties: false`` on the schema of a Struct that forbids unknown fields."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return not field_definition.is_union and _closed(field_definition.type_)

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        litestars = next(
            plugin
            for plugin in schema_creator.plugins
            if plugin is not self and schema_creator.plugin_supports_field(plugin, field_definition)
        )
        schema = litestars.to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema
