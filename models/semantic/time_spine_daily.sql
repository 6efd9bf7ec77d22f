{#- One row per calendar day from the marketplace launch (var `marketplace_launch_date`) to
    the end of 2099: MetricFlow's time spine (docs/semantic_layer.md). A fixed calendar, like
    a date dimension, so it never depends on the data or on when the project runs. -#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('marketplace_launch_date') ~ "' as date)",
        "cast('2100-01-01' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
