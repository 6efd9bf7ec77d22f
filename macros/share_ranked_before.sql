{% macro share_ranked_before(value, tiebreak) -%}
    {#- Share of the total of `value` held by the rows ranked before this one, ranking by
        `value` descending then `tiebreak`: the Pareto position of the row (0 for the first). -#}
    (
        sum({{ value }}) over (
            order by {{ value }} desc, {{ tiebreak }}
            rows between unbounded preceding and current row
        ) - {{ value }}
    ) / nullif(sum({{ value }}) over (), 0)
{%- endmacro %}
