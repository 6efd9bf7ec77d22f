{#- The months of the segment KPIs: the reference date and the ends of the
    `segment_kpi_months` - 1 months before it. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

digits as (
    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

month_offsets as (
    select hundreds.digit * 100 + tens.digit * 10 + units.digit as months_back
    from digits as hundreds
    cross join digits as tens
    cross join digits as units
),

snapshot_dates as (
    select
        month_offsets.months_back,
        case
            when month_offsets.months_back = 0 then reference.as_of_date
            else
                {{ dbt.last_day(dbt.dateadd('month', '-month_offsets.months_back', 'reference.as_of_date'), 'month') }}
        end as snapshot_date,
        reference.as_of_date
    from month_offsets
    cross join reference
    where month_offsets.months_back < {{ var('segment_kpi_months') }}
)

select * from snapshot_dates
