{% macro money_average(amount, count) -%}
    {{ return(adapter.dispatch('money_average', 'marketplace_segmentation')(amount, count)) }}
{%- endmacro %}

{% macro default__money_average(amount, count) -%}
    {#- Spark: a DECIMAL quotient is rounded to its scale before round() would round it
        again, so the cents are taken exactly: x = |amount| x 100 (DECIMAL), its whole
        quotient (x - x % n) / n plus one when the remainder is at least half of n; `%`,
        `-` and an exact division stay exact on DECIMAL. -#}
    {%- set x = 'cast(abs(' ~ amount ~ ') as decimal(38, 10)) * 100' %}
    {%- set n = 'cast(nullif(' ~ count ~ ', 0) as int)' %}
    cast(
        (case when {{ amount }} < 0 then -1 else 1 end) * (
            ({{ x }} - ({{ x }}) % {{ n }}) / {{ n }}
            + case when 2 * (({{ x }}) % {{ n }}) >= {{ n }} then 1 else 0 end
        ) * 0.01 as decimal(18, 2)
    )
{%- endmacro %}

{% macro duckdb__money_average(amount, count) -%}
    {#- DuckDB divides a DECIMAL as a DOUBLE, which loses half cents (651.545 is 651.54499...
        as a double): the amount in units of 10^-12 (exact for a scale up to 10) is divided
        as a HUGEINT, rounded half away from zero, then scaled back to cents. -#}
    cast(
        sign({{ amount }}) * (
            (cast(abs({{ amount }}) * 1000000000000 as hugeint) + 5000000000 * ({{ count }}))
            // (10000000000 * nullif({{ count }}, 0))
        ) * 0.01 as decimal(18, 2)
    )
{%- endmacro %}
