{% macro raw_column_type(table, column) -%}
    {#- The type the engine reads for a raw column (the Parquet type, through the raw views of
        create_raw_relations), or none before execution or when the column is not found: a
        cast can then be skipped where the raw type is already the contract's. -#}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {#- the source's node, not source(): a unit test replaces source() by its fixture (and
        has no sources in its graph: the general expression then) -#}
    {%- set nodes = graph.get('sources', {}).values() | selectattr('source_name', 'equalto', 'marketplace')
        | selectattr('name', 'equalto', table) | list -%}
    {%- if nodes | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=nodes[0].database, schema=nodes[0].schema, identifier=nodes[0].identifier
    ) -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for raw_column in adapter.get_columns_in_relation(relation) -%}
        {%- if raw_column.name | lower == column | lower -%}
            {{ return(raw_column.data_type) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}
