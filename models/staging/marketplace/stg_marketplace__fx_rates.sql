with

base as (
    select * from {{ ref('base_marketplace__fx_rates') }}
),

clean as (
    select
        rate_date,
        currency,
        rate_to_reporting
    from base
    where rejection_reason is null
)

select * from clean
