{#- Loyalty moments (SPEC 4.5): the birthdays and anniversaries (of the first purchase and
    of the sign-up) falling in the `moments_horizon_days` days after the reference date,
    and the `spend_thresholds` a buyer's lifetime spend crossed in the last
    `moments_horizon_days` days. An anniversary of 29 February falls on 28 February in
    other years. -#}
with

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

purchase_days as (
    select * from {{ ref('int_buyer_purchase_days') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

{%- set dated = {
    'birthday': 'birth_date',
    'first_purchase_anniversary': 'first_purchase_date',
    'signup_anniversary': 'signup_date',
} %}

{#- parenthesized: dbt-spark's dateadd multiplies the interval expression by 12 as written -#}
{%- set years_to_next = '(1 + ' ~ dbt.datediff('origin_date', 'as_of_date', 'year') ~ ')' %}

origins as (
    select
        buyers.buyer_id,
        reference.as_of_date,
        buyers.birth_date,
        metrics.first_purchase_date,
        cast(buyers.created_at as date) as signup_date
    from buyers
    cross join reference
    left join metrics
        on buyers.buyer_id = metrics.buyer_id
),

anniversaries as (
    {%- for moment, column in dated.items() %}
    select
        buyer_id,
        as_of_date,
        '{{ moment }}' as moment_type,
        {{ column }} as origin_date,
        {{ dbt.dateadd('year', '(' ~ dbt.datediff(column, 'as_of_date', 'year') ~ ')', column) }} as this_year_date
    from origins
    where {{ column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

upcoming as (
    select
        buyer_id,
        moment_type,
        case
            when this_year_date > as_of_date then this_year_date
            else {{ dbt.dateadd('year', years_to_next, 'origin_date') }}
        end as moment_date,
        as_of_date
    from anniversaries
),

upcoming_in_horizon as (
    select
        buyer_id,
        moment_type,
        moment_date,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('as_of_date', 'moment_date', 'day') }} as days_from_reference_date,  -- noqa: LT05
        cast(null as integer) as threshold_amount,
        as_of_date
    from upcoming
    -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
    where {{ dbt.datediff('as_of_date', 'moment_date', 'day') }} <= {{ var('moments_horizon_days') }}  -- noqa: LT05
),

running_spend as (
    select
        purchase_days.buyer_id,
        purchase_days.purchase_date,
        reference.as_of_date,
        sum(purchase_days.net_revenue) over (
            partition by purchase_days.buyer_id
            order by purchase_days.purchase_date
            rows between unbounded preceding and current row
        ) as spend_to_date,
        sum(purchase_days.net_revenue) over (
            partition by purchase_days.buyer_id
            order by purchase_days.purchase_date
            rows between unbounded preceding and current row
        ) - purchase_days.net_revenue as spend_before
    from purchase_days
    cross join reference
),

thresholds as (
    {%- for threshold in var('spend_thresholds') %}
    select {{ threshold }} as threshold_amount
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

crossings as (
    select
        running_spend.buyer_id,
        'spend_threshold_crossed' as moment_type,
        running_spend.purchase_date as moment_date,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('running_spend.as_of_date', 'running_spend.purchase_date', 'day') }} as days_from_reference_date,  -- noqa: LT05
        thresholds.threshold_amount,
        running_spend.as_of_date
    from running_spend
    inner join thresholds
        on
            running_spend.spend_before < thresholds.threshold_amount
            and running_spend.spend_to_date >= thresholds.threshold_amount
    where
        running_spend.purchase_date
        > {{ dbt.dateadd('day', -var('moments_horizon_days'), 'running_spend.as_of_date') }}
),

moments as (
    select * from upcoming_in_horizon
    union all
    select * from crossings
),

keyed as (
    select
        *,
        case
            when threshold_amount is null then moment_type
            else {{ dbt.concat(['moment_type', "'_'", dbt.cast('threshold_amount', dbt.type_string())]) }}
        end as moment_key
    from moments
),

final as (
    select
        buyer_id,
        moment_type,
        cast(moment_date as date) as moment_date,
        cast(days_from_reference_date as {{ dbt.type_int() }}) as days_from_reference_date,
        threshold_amount,
        moment_key,
        as_of_date
    from keyed
)

select * from final
