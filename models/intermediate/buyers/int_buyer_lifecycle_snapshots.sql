{#- The lifecycle stage (SPEC 4.1) of every known buyer on every day it can change, and on
    the reference date. Between purchases every rule is monotone in the day, so a stage can
    only change on: the day the buyer became known, a purchase day, the day recency reaches
    the at_risk or inactive threshold, and the day a purchase day leaves the loyal window.
    The stage is evaluated on those days only; `int_buyer_lifecycle_periods` collapses the
    days into periods. Rules, first match wins, in the order of the macro lifecycle_stages()
    (the one list of the stages, which the tests read). Multiplier rules are compared in
    whole numbers (recency x repeat days >= multiplier x span) so that the boundary is
    exact. Recency, tenure, span and the average interval are defined here only;
    int_buyer_purchase_metrics reads the reference date's row. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

purchase_days as (
    select * from {{ ref('int_buyer_purchase_days') }}
),

known_days as (
    select
        buyers.buyer_id,
        cast(buyers.known_at as date) as known_date,
        reference.as_of_date
    from buyers
    cross join reference
),

-- each purchase day with the count of purchase days up to it and the next purchase day
purchase_runs as (
    select
        purchase_days.buyer_id,
        purchase_days.purchase_date,
        row_number() over (
            partition by purchase_days.buyer_id order by purchase_days.purchase_date
        ) as purchase_days,
        min(purchase_days.purchase_date) over (partition by purchase_days.buyer_id) as first_purchase_date,
        lead(purchase_days.purchase_date) over (
            partition by purchase_days.buyer_id order by purchase_days.purchase_date
        ) as next_purchase_date
    from purchase_days
    cross join reference
    where purchase_days.purchase_date <= reference.as_of_date
),

-- the average interval after each repeat purchase day, kept as its exact parts
purchase_spans as (
    select
        buyer_id,
        purchase_date,
        next_purchase_date,
        purchase_days,
        {{ dbt.datediff('first_purchase_date', 'purchase_date', 'day') }}
            as purchase_span_days
    from purchase_runs
    where purchase_days > 1
),

-- where to look for a threshold: last purchase day + ceil(multiplier x average interval),
-- at least the floor. The ceiling is the whole quotient, plus one unless it already
-- reaches the threshold (compared in whole numbers, as the rule does), so floating point
-- cannot move the day. The stage on that day is still decided by the rule below.
threshold_quotients as (
    select
        buyer_id,
        purchase_date,
        next_purchase_date,
        purchase_days,
        purchase_span_days,
        cast(floor({{ var('at_risk_multiplier') }} * purchase_span_days / (purchase_days - 1)) as {{ dbt.type_int() }})
            as at_risk_quotient,
        cast(floor({{ var('inactive_multiplier') }} * purchase_span_days / (purchase_days - 1)) as {{ dbt.type_int() }})
            as inactive_quotient
    from purchase_spans
),

threshold_offsets as (
    {%- for stage in ['at_risk', 'inactive'] %}
    select
        buyer_id,
        purchase_date,
        next_purchase_date,
        greatest(
            {{ var(stage ~ '_min_days') }},
            {{ stage }}_quotient
            + case
                when {{ stage }}_quotient * (purchase_days - 1) >= {{ var(stage ~ '_multiplier') }} * purchase_span_days
                    then 0
                else 1
            end
        ) as threshold_days
    from threshold_quotients
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

threshold_days as (
    select
        buyer_id,
        next_purchase_date,
        cast({{ dbt.dateadd('day', 'threshold_days', 'purchase_date') }} as date) as candidate_date
    from threshold_offsets
),

candidate_days as (
    select
        buyer_id,
        known_date as candidate_date
    from known_days
    union all
    select
        buyer_id,
        as_of_date as candidate_date
    from known_days
    union all
    select
        buyer_id,
        purchase_date as candidate_date
    from purchase_runs
    union all
    -- the day a purchase day leaves the window of the last `loyal_window_days` days
    select
        buyer_id,
        cast({{ dbt.dateadd('day', var('loyal_window_days'), 'purchase_date') }} as date) as candidate_date
    from purchase_runs
    union all
    select
        buyer_id,
        candidate_date
    from threshold_days
    where next_purchase_date is null or candidate_date < next_purchase_date
),

buyer_days as (
    select distinct
        known_days.buyer_id,
        candidate_days.candidate_date as snapshot_date,
        candidate_days.candidate_date = known_days.as_of_date as is_reference_date,
        -- the last day before the loyal window ending on the day
        cast({{ dbt.dateadd('day', -var('loyal_window_days'), 'candidate_days.candidate_date') }} as date)
            as before_window_date
    from candidate_days
    inner join known_days
        on
            candidate_days.buyer_id = known_days.buyer_id
            and candidate_days.candidate_date >= known_days.known_date
            and candidate_days.candidate_date <= known_days.as_of_date
),

-- the last purchase day on or before each day, and the last one before its loyal window
metrics as (
    select
        buyer_days.buyer_id,
        buyer_days.snapshot_date,
        buyer_days.is_reference_date,
        coalesce(last_run.purchase_days, 0) as purchase_days,
        coalesce(last_run.purchase_days, 0) - coalesce(before_window.purchase_days, 0)
            as loyal_window_purchase_days,
        {{ dbt.datediff('last_run.purchase_date', 'buyer_days.snapshot_date', 'day') }}
            as recency_days,
        {{ dbt.datediff('last_run.first_purchase_date', 'buyer_days.snapshot_date', 'day') }}
            as tenure_days,
        {{ dbt.datediff('last_run.first_purchase_date', 'last_run.purchase_date', 'day') }}
            as purchase_span_days
    from buyer_days
    left join purchase_runs as last_run
        on
            buyer_days.buyer_id = last_run.buyer_id
            and buyer_days.snapshot_date >= last_run.purchase_date
            and (last_run.next_purchase_date is null or buyer_days.snapshot_date < last_run.next_purchase_date)
    left join purchase_runs as before_window
        on
            buyer_days.buyer_id = before_window.buyer_id
            and buyer_days.before_window_date >= before_window.purchase_date
            and (
                before_window.next_purchase_date is null
                or buyer_days.before_window_date < before_window.next_purchase_date
            )
),

staged as (
    select
        *,
        case
            when purchase_days = 0 then 'prospect'
            when purchase_days = 1 then 'first_time'
            when
                recency_days * (purchase_days - 1) >= {{ var('inactive_multiplier') }} * purchase_span_days
                and recency_days >= {{ var('inactive_min_days') }}
                then 'inactive'
            when
                recency_days * (purchase_days - 1) >= {{ var('at_risk_multiplier') }} * purchase_span_days
                and recency_days >= {{ var('at_risk_min_days') }}
                then 'at_risk'
            when loyal_window_purchase_days >= {{ var('loyal_min_purchase_days') }} then 'loyal'
            else 'repeat'
        end as lifecycle_stage,
        case
            when
                purchase_days > 1
                then cast(purchase_span_days as {{ type_double() }}) / (purchase_days - 1)
        end as avg_interpurchase_days
    from metrics
),

-- the typical rhythm of repeat buyers on the reference date
repeat_rhythm as (
    select {{ median('avg_interpurchase_days') }} as median_avg_interpurchase_days
    from staged
    where is_reference_date and purchase_days > 1
),

final as (
    select
        staged.buyer_id,
        staged.snapshot_date,
        staged.is_reference_date,
        staged.purchase_days,
        staged.loyal_window_purchase_days,
        staged.recency_days,
        staged.tenure_days,
        staged.purchase_span_days,
        staged.avg_interpurchase_days,
        staged.lifecycle_stage,
        repeat_rhythm.median_avg_interpurchase_days,
        coalesce(
            staged.is_reference_date
            and staged.lifecycle_stage = 'first_time'
            and staged.tenure_days
            > {{ var('inactive_multiplier') }} * repeat_rhythm.median_avg_interpurchase_days,
            false
        ) as is_lapsed_first_time
    from staged
    cross join repeat_rhythm
)

select * from final
