{% macro catalogue_quality_thresholds(field, default) -%}
    {#- One row per segment of segment_kpis' families with the threshold `field` that
        applies to it: the catalogue segment's `meta.segment.quality.<field>` when its
        YAML sets one (a family's value applies to all its keys), else `default`. Used by
        the segment quality tests; returns (segment_family, segment_key, is_family,
        threshold) rows to join on. -#}
    {%- set overrides = [] %}
    {%- for node in catalogue_segment_nodes() %}
        {%- set quality = (node.config.meta.get('segment') or {}).get('quality') or {} %}
        {%- if quality.get(field) is not none %}
            {%- do overrides.append((node.config.meta.segment.key, 'variant' in node.columns, quality[field])) %}
        {%- endif %}
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_key,
        false as is_family,
        cast({{ default }} as {{ dbt.type_numeric() }}) as threshold
    {%- for key, is_family, value in overrides %}
    union all
    select
        '{{ key }}' as segment_key,
        {{ 'true' if is_family else 'false' }} as is_family,
        cast({{ value }} as {{ dbt.type_numeric() }}) as threshold
    {%- endfor %}
{%- endmacro %}
