with

source as (
    select * from {{ source('marketplace', 'fx_rates') }}
),

typed as (
    select
        rate_date,
        {{ normalize_code('currency') }} as currency,
        cast(rate_to_reporting as decimal(18, 8)) as rate_to_reporting
    from source
),

flagged as (
    select
        *,
        case
            when rate_date is null or currency is null then 'null_key'
            {{ version_rejection(['rate_date', 'currency'], none, ['rate_to_reporting']) }}
            when currency not in {{ sql_list(var('accepted_currencies')) }} then 'unknown_currency'
            when rate_to_reporting is null or rate_to_reporting <= 0 then 'invalid_rate'
            when rate_date > cast({{ extracted_at() }} as date) then 'future_timestamp'
            when rate_date < {{ launch_date() }} then 'before_launch'
        end as rejection_reason
    from typed
)

select * from flagged
