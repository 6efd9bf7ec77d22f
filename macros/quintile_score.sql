{% macro quintile_score(order_by) -%}
    {#- A 1-5 score: 1 + the quintile of the row's percent rank in `order_by` (best last).
        Equal values get equal scores (percent_rank is tie-consistent on every engine). -#}
    least(5, 1 + cast(floor(5 * percent_rank() over (order by {{ order_by }})) as integer))
{%- endmacro %}
