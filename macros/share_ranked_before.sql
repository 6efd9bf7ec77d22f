{% macro share_ranked_before(value, tiebreak, partition_by=none) -%}
    {#- Share of the total of `value` held by the rows ranked before this one, ranking by
        `value` descending then `tiebreak` (within `partition_by` if given): the Pareto
        position of the row, 0 for the first. A DOUBLE on every engine (a DECIMAL ratio on
        Spark would compare with the tier thresholds at another precision). -#}
    {%- set partition = 'partition by ' ~ partition_by ~ ' ' if partition_by else '' -%}
    cast(
        sum({{ value }}) over (
            {{ partition }}order by {{ value }} desc, {{ tiebreak }}
            rows between unbounded preceding and current row
        ) - {{ value }}
        as {{ type_double() }}
    ) / nullif(sum({{ value }}) over ({{ partition | trim }}), 0)
{%- endmacro %}
