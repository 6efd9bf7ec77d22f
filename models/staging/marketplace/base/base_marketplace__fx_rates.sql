with

source as (
    select * from {{ source('marketplace', 'fx_rates') }}
),

typed as (
    select
        {{ raw_value('fx_rates', 'rate_date') }} as rate_date,
        upper({{ raw_value('fx_rates', 'currency') }}) as currency,
        {{ raw_value('fx_rates', 'rate_to_reporting') }} as rate_to_reporting,
        {{ contract_violation('fx_rates') }} as contract_violation
    from source
),

flagged as (
    select
        *,
        case
            {{- key_rejection('fx_rates') }}
            {{ version_rejection('fx_rates', tiebreak_columns=['rate_to_reporting']) }}
            when contract_violation is not null then contract_violation
            when currency not in {{ sql_list(var('accepted_currencies')) }} then 'unknown_currency'
            when rate_to_reporting <= 0 then 'invalid_rate'
            when rate_date > cast({{ extracted_at() }} as date) then 'future_timestamp'
            when rate_date < {{ launch_date() }} then 'before_launch'
        end as rejection_reason
    from typed
)

select * from flagged
