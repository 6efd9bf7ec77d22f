{% macro built_relations(model_names) -%}
    {#- The relations of the models named, as they stand in the warehouse, found through the
        graph rather than ref() (a model computing what its consumers rebuild cannot ref
        them: a cycle); a model not built yet is left out. -#}
    {%- set found = [] -%}
    {%- if not execute -%}
        {{ return(found) }}
    {%- endif -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.name in model_names and node.package_name == project_name -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {%- do found.append(relation) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}
