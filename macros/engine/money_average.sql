{% macro money_average(amount, count) -%}
    {{ return(adapter.dispatch('money_average', 'marketplace_segmentation')(amount, count)) }}
{%- endmacro %}

{% macro default__money_average(amount, count) -%}
    {#- Spark: a DECIMAL divided by an integer stays DECIMAL. The amount is widened to the
        scale money is converted at (10) and the count kept to an int, so that the quotient
        keeps 21 decimals and 17 integer digits (with the profile's
        spark.sql.decimalOperations.allowPrecisionLoss false; true would round it to 6
        decimals first); round() is half up on a DECIMAL. -#}
    cast(round(cast({{ amount }} as decimal(38, 10)) / cast(nullif({{ count }}, 0) as int), 2) as decimal(18, 2))
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
