{% macro catalogue_segment_nodes() -%}
    {#- The catalogue's segment models: every model of this project under
        models/marts/segments/, found in dbt's graph (at execution only; an empty list
        while dbt parses), by name. -#}
    {%- set found = [] %}
    {%- if execute %}
        {%- for node in graph.nodes.values() | sort(attribute='name') %}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.fqn[1:3] == ['marts', 'segments'] %}
                {%- do found.append(node) %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    {{ return(found) }}
{%- endmacro %}
