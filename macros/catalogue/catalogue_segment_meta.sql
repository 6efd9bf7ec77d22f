{% macro catalogue_segment_meta(node) -%}
    {#- The segment model's `meta.segment`, checked: a segment without its key, label,
        owner or playbook goal, or without a description, stops the build with the
        model's name. -#}
    {%- set segment = node.config.meta.get('segment') or {} %}
    {%- set missing = [] %}
    {%- for field in ['key', 'label', 'owner', 'playbook_goal'] %}
        {%- if not segment.get(field) %}{% do missing.append('meta.segment.' ~ field) %}{% endif %}
    {%- endfor %}
    {%- if not node.description %}{% do missing.append('description') %}{% endif %}
    {%- if missing %}
        {{ exceptions.raise_compiler_error(
            "Segment model '" ~ node.name ~ "' (" ~ node.original_file_path ~ ") must declare "
            ~ missing | join(', ') ~ " in its YAML: see 'Add a segment' in the README.") }}
    {%- endif %}
    {%- if not modules.re.match('^[a-z][a-z0-9_]*$', segment.key) %}
        {{ exceptions.raise_compiler_error(
            "Segment model '" ~ node.name ~ "': meta.segment.key '" ~ segment.key
            ~ "' must be lower-case letters, digits and underscores.") }}
    {%- endif %}
    {{ return(segment) }}
{%- endmacro %}
