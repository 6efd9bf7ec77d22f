{% macro pareto_tier(value, share_before) -%}
    {#- The value tier of SPEC 4.3 from a row's Pareto position (share_ranked_before):
        `top` while the share ranked before it is below `pareto_top_revenue_share`,
        `core` below `pareto_core_revenue_share`, else `tail`; a value of 0 or less is
        `tail`, a null value has no tier. -#}
    case
        when {{ value }} is null then null
        when {{ value }} <= 0 then 'tail'
        when {{ share_before }} < {{ var('pareto_top_revenue_share') }} then 'top'
        when {{ share_before }} < {{ var('pareto_core_revenue_share') }} then 'core'
        else 'tail'
    end
{%- endmacro %}
