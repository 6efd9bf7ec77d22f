{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
{#- Fails for every row whose value lies outside [min_value, max_value]. -#}

with

validation_errors as (
    select *
    from {{ model }}
    where
        1 = 0
        {%- if min_value is not none %}
        -- below the minimum
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        -- above the maximum
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
        {%- endif %}
)

select * from validation_errors

{% endtest %}
