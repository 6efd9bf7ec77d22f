{% macro version_rejection(key_columns, version_column=none, tiebreak_columns=[]) -%}
    {#- `when` branches rejecting all but one row per key: same version -> `duplicate`,
        older version -> `superseded_version` (the latest `version_column` wins). -#}
    {%- set partition = key_columns | join(', ') -%}
    {%- set order_terms = ([version_column ~ ' desc nulls last'] if version_column else [])
        + tiebreak_columns -%}
    {%- set ordering = order_terms | join(', ') if order_terms else key_columns[0] -%}
    when row_number() over (partition by {{ partition }} order by {{ ordering }}) > 1
                {%- if version_column %}
                and {{ version_column }} < max({{ version_column }}) over (partition by {{ partition }})
                then 'superseded_version'
            when row_number() over (partition by {{ partition }} order by {{ ordering }}) > 1
                {%- endif %}
                then 'duplicate'
{%- endmacro %}
