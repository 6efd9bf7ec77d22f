{% test unique_combination_of_columns(model, combination_of_columns) %}
{#- Fails for every combination of the columns that appears more than once. -#}
{%- set columns = combination_of_columns | join(', ') %}

with

validation_errors as (
    -- each combination that is not unique
    select
        {{ columns }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns }}
    having count(*) > 1
)

select * from validation_errors

{% endtest %}
