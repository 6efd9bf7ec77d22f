with

orders as (
    select * from {{ ref('base_marketplace__orders') }}
),

fx_rates as (
    select * from {{ ref('stg_marketplace__fx_rates') }}
),

-- every day an order was placed in a currency other than the reporting one
currency_days as (
    select distinct
        currency,
        cast(ordered_at as date) as order_date
    from orders
    where
        currency != '{{ var("reporting_currency") }}'
        and ordered_at is not null
),

-- the rate of a day is the latest published on or before that day
latest_rate_dates as (
    select
        currency_days.currency,
        currency_days.order_date,
        max(fx_rates.rate_date) as rate_date
    from currency_days
    inner join fx_rates
        on
            currency_days.currency = fx_rates.currency
            and currency_days.order_date >= fx_rates.rate_date
    group by 1, 2
),

day_rates as (
    select
        latest_rate_dates.currency,
        latest_rate_dates.order_date,
        latest_rate_dates.rate_date,
        fx_rates.rate_to_reporting
    from latest_rate_dates
    inner join fx_rates
        on
            latest_rate_dates.currency = fx_rates.currency
            and latest_rate_dates.rate_date = fx_rates.rate_date
)

select * from day_rates
