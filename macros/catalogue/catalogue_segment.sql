{% macro catalogue_segment(relation) -%}
    {#- What the memberships read of a segment model of their list (a `ref`), from dbt's
        graph at execution: the model's name, its checked `meta.segment.key`, and whether
        it has a `category` column (per category) or a `variant` column (a family, keys
        `<key>_<variant>`). While dbt parses, placeholders. -#}
    {%- if not execute %}
        {{ return({'model': relation.identifier, 'key': '', 'is_per_category': false, 'is_family': false}) }}
    {%- endif %}
    {%- for node in catalogue_segment_nodes() if node.alias == relation.identifier %}
        {%- set columns = node.columns.keys() | list %}
        {{ return({
            'model': node.name,
            'key': catalogue_segment_meta(node).key,
            'is_per_category': 'category' in columns,
            'is_family': 'variant' in columns,
        }) }}
    {%- endfor %}
    {{ exceptions.raise_compiler_error(
        "'" ~ relation.identifier ~ "' in the list at the top of "
        ~ "models/marts/buyer_segment_memberships.sql is not a model of models/marts/segments/.") }}
{%- endmacro %}
