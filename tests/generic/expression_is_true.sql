{% test expression_is_true(model, expression, column_name=none) %}
{#- Fails for every row where the expression (on the column, if given) is not true. -#}

with

validation_errors as (
    select *
    from {{ model }}
    -- the expression is false or null
    where not coalesce({{ column_name ~ ' ' if column_name }}{{ expression }}, false)
)

select * from validation_errors

{% endtest %}
